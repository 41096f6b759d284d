"""Digital-readiness self-assessment: versioned questionnaires (data files) and the level they give.

A framework is a JSON file (smes/frameworks/*.json, or a directory an office configures) with the six
pillars of the national business digital-transformation index, their questions and answer scores
(0-5), weights, and the score bands of levels 0-5. Publishing a new file publishes a new version; the
level an SME gets is stored with the framework reference ("dbi-sme/2026.1") it came from.

Every text is Vietnamese ("name", "basis", "text", "label"), the wording stored with a result; an English
translation is optional beside it ("name_en", ...), since an office's own files may have none, and pages
shown in English fall back to the Vietnamese where it is missing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from core.domain import N_, NotFound, ValidationFailed
from core.text import ascii_digits

FRAMEWORKS_DIR = Path(__file__).parent / "frameworks"


def _in(vietnamese: str, english: str | None, lang: str) -> str:
    """A framework file's text in `lang`: the files carry their own English (an office publishes a new
    questionnaire by dropping a file in a folder, without a release of the code and its catalog)."""
    return english or vietnamese if lang != "vi" else vietnamese


@dataclass(frozen=True)
class Option:
    score: float
    label: str
    label_en: str | None = None

    def label_in(self, lang: str) -> str:
        return _in(self.label, self.label_en, lang)


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    weight: float
    options: tuple[Option, ...]
    text_en: str | None = None

    def text_in(self, lang: str) -> str:
        return _in(self.text, self.text_en, lang)


@dataclass(frozen=True)
class Pillar:
    code: str
    name: str
    weight: float
    questions: tuple[Question, ...]
    name_en: str | None = None

    def name_in(self, lang: str) -> str:
        return _in(self.name, self.name_en, lang)


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    name: str
    basis: str
    pillars: tuple[Pillar, ...]
    bands: tuple[tuple[int, float], ...]  # (level, lowest score of the level), ascending
    name_en: str | None = None
    basis_en: str | None = None

    def name_in(self, lang: str) -> str:
        return _in(self.name, self.name_en, lang)

    def basis_in(self, lang: str) -> str:
        return _in(self.basis, self.basis_en, lang)

    def pillar_names(self, lang: str) -> dict[str, str]:
        """Pillar names by code, for a stored result (which keeps the Vietnamese ones)."""
        return {p.code: p.name_in(lang) for p in self.pillars}

    @property
    def ref(self) -> str:
        """The reference stored with a level: "<id>/<version>"."""
        return f"{self.id}/{self.version}"

    @classmethod
    def from_dict(cls, data: dict) -> Framework:
        pillars = tuple(
            Pillar(
                p["code"],
                p["name"],
                float(p.get("weight", 1)),
                tuple(
                    Question(
                        q["code"],
                        q["text"],
                        float(q.get("weight", 1)),
                        tuple(Option(float(o["score"]), o["label"], o.get("label_en")) for o in q["options"]),
                        q.get("text_en"),
                    )
                    for q in p["questions"]
                ),
                p.get("name_en"),
            )
            for p in data["pillars"]
        )
        bands = tuple(sorted((int(b["level"]), float(b["from"])) for b in data["levels"]))
        return cls(
            data["id"], str(data["version"]), data["name"], data.get("basis", ""), pillars, bands,
            data.get("name_en"), data.get("basis_en"),
        )

    def level_for(self, score: float) -> int:
        level = self.bands[0][0]
        for band_level, lowest in self.bands:
            if score >= lowest:
                level = band_level
        return level


@dataclass(frozen=True)
class PillarResult:
    code: str
    name: str
    score: float  # 0-5
    level: int


@dataclass(frozen=True)
class Assessment:
    framework: str  # Framework.ref
    score: float  # 0-5
    level: int
    pillars: tuple[PillarResult, ...]

    def breakdown(self) -> dict:
        """What is stored with the profile: per-pillar scores and levels, the answers' framework."""
        return {
            "framework": self.framework,
            "score": self.score,
            "level": self.level,
            "pillars": [
                {"code": p.code, "name": p.name, "score": p.score, "level": p.level} for p in self.pillars
            ],
        }


def _version_key(version: str) -> tuple:
    return tuple(int(part) if ascii_digits(part) else part for part in version.replace("-", ".").split("."))


def load_frameworks(directory: Path | None = None) -> dict[str, Framework]:
    """Framework files shipped with the code and of an office's own directory (if given), by reference."""
    frameworks = {}
    paths = sorted(FRAMEWORKS_DIR.glob("*.json")) + (sorted(directory.glob("*.json")) if directory else [])
    for path in paths:
        framework = Framework.from_dict(json.loads(path.read_text(encoding="utf-8")))
        frameworks[framework.ref] = framework
    return frameworks


def current_framework(directory: Path | None = None, framework_id: str = "dbi-sme") -> Framework:
    """The newest version of a framework (an office's directory may add versions)."""
    versions = [f for f in load_frameworks(directory).values() if f.id == framework_id]
    if not versions:
        raise NotFound(N_("Chưa có bộ câu hỏi đánh giá “%(id)s”."), id=framework_id)
    return max(versions, key=lambda f: _version_key(f.version))


def assess(framework: Framework, answers: Mapping[str, int]) -> Assessment:
    """Level and per-pillar breakdown from the chosen option (its index) of every question."""
    missing = {}
    chosen: dict[str, Option] = {}
    for pillar in framework.pillars:
        for question in pillar.questions:
            index = answers.get(question.code)
            if index is None or not 0 <= int(index) < len(question.options):
                missing[question.code] = N_("Vui lòng chọn một câu trả lời.")
            else:
                chosen[question.code] = question.options[int(index)]
    if missing:
        raise ValidationFailed(N_("Còn câu hỏi chưa trả lời."), missing)
    results = []
    for pillar in framework.pillars:
        total_weight = sum(q.weight for q in pillar.questions) or 1.0
        score = sum(chosen[q.code].score * q.weight for q in pillar.questions) / total_weight
        results.append(PillarResult(pillar.code, pillar.name, round(score, 2), framework.level_for(score)))
    total_weight = sum(p.weight for p in framework.pillars) or 1.0
    overall = sum(r.score * p.weight for r, p in zip(results, framework.pillars, strict=True)) / total_weight
    return Assessment(framework.ref, round(overall, 2), framework.level_for(overall), tuple(results))
