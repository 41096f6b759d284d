"""A labelled document scanned as the marketplace would scan it: imported into a throwaway SQLite
database by the project's own import (published, as an office's records are), then scanned."""

from __future__ import annotations

import tempfile

from sqlalchemy.orm import Session

from core.db import Base, make_engine
from integrity import evaluation
from integrity.scan import scan
from interchange.sections import ImportRefused, import_document


def evaluate_document(document: dict) -> dict:
    """The evaluation's figures (integrity.evaluation.metrics) of the flags on `document`."""
    labels = evaluation.read_labels(document)
    records = {k: v for k, v in document.items() if k != evaluation.LABELS}
    with tempfile.TemporaryDirectory(prefix="eval-fraud-") as folder:
        engine = make_engine(f"sqlite:///{folder}/eval.db")
        try:
            Base.metadata.create_all(engine)  # the app has loaded every model
            with Session(engine) as session:
                try:
                    import_document(session, records, publish=True, actor="eval-fraud")
                except ImportRefused as refused:
                    problems = "; ".join(map(str, refused.problems[:5]))
                    raise evaluation.NotLabelled(f"tệp không nhập được: {problems}") from refused
                result = scan(session, actor="eval-fraud")
                return evaluation.metrics(result.findings, labels, result.deals)
        finally:
            engine.dispose()
