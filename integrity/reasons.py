"""A reason a person reads: a Vietnamese template with its values, put into the reader's language when
it is shown (pure; core.translation is the one translation path). Stored with a flag as JSON, so that
an officer reading in English sees it in English, whatever language the scan ran in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from core.translation import translate

Params = Mapping[str, object]


@dataclass(frozen=True)
class Reason:
    """`template` (an N_-marked Vietnamese text) filled with `params`; `parts` are texts of their own
    (each a template with its params), joined with commas into the template's %(what)s."""

    template: str
    params: Params = field(default_factory=dict)
    parts: tuple[tuple[str, Params], ...] = ()

    def text(self, lang: str = "vi") -> str:
        values = dict(self.params)
        if self.parts:
            values["what"] = ", ".join(translate(t, lang, **p) for t, p in self.parts)
        return translate(self.template, lang, **values)

    def to_json(self) -> dict:
        return {
            "template": self.template,
            "params": dict(self.params),
            "parts": [[t, dict(p)] for t, p in self.parts],
        }

    @classmethod
    def from_json(cls, data: dict) -> Reason:
        return cls(
            data["template"], data.get("params") or {}, tuple((t, p) for t, p in data.get("parts") or ())
        )
