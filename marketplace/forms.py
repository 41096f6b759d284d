"""Form pieces shared by every package's forms."""

from __future__ import annotations

from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from catalog.vocab import label
from marketplace.formatting import vnd


def vocab_choices(vocabulary, lang: str = "vi", blank: str | None = None) -> list[SelectChoice]:
    """Select choices for a vocabulary, labelled in `lang`; `blank` adds an empty first choice."""
    choices = [SelectChoice(str(code), label(vocabulary, code, lang)) for code in vocabulary]
    if blank is not None:
        choices.insert(0, SelectChoice("", blank))
    return choices


class AtMost:
    """A number no larger than `limit` (the interchange format's bound, which the database column fits),
    refused with a message naming the field: '99999999999999999999999' must not reach the database."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, form, field) -> None:
        if field.data is not None and field.data > self.limit:
            limit = vnd(self.limit).removesuffix(" ₫")  # the labels of money fields say (₫) already
            raise ValidationError(_("%(field)s: tối đa %(max)s.", field=field.label.text, max=limit))
