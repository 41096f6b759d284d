"""Form pieces shared by every package's forms."""

from __future__ import annotations

from wtforms.fields.choices import SelectChoice

from catalog.vocab import label


def vocab_choices(vocabulary, lang: str = "vi", blank: str | None = None) -> list[SelectChoice]:
    """Select choices for a vocabulary, labelled in `lang`; `blank` adds an empty first choice."""
    choices = [SelectChoice(str(code), label(vocabulary, code, lang)) for code in vocabulary]
    if blank is not None:
        choices.insert(0, SelectChoice("", blank))
    return choices
