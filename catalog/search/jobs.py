"""The search index rebuilt as a background job, with its progress on the officers' jobs page.

With Meilisearch (production) the index is shared, so a worker's rebuild serves every machine. The
embedded index lives in each process and follows the database by itself; a rebuild there refreshes the
process that runs the job (inline: the web process an officer clicked in).
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from catalog.search.source import listing_count
from core import jobs

REINDEX = "search.reindex"
REPORT_EVERY = 200  # documents between two progress writes: a bar that moves, without a write per document


@jobs.job(REINDEX)
def reindex_job(session: Session) -> dict:
    total = listing_count(session)
    done = 0
    jobs.report_progress(0, total)

    def step(count: int) -> None:
        nonlocal done
        done += count
        if done % REPORT_EVERY < count or done >= total:
            jobs.report_progress(min(done, total), total)

    indexed = current_app.extensions["search"].reindex(session, progress=step)
    jobs.report_progress(indexed, indexed)  # a listing may have more than one document
    return {"documents": indexed}
