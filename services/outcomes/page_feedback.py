"""Feedback on the public self-help pages: stored without personal data, reported per page.

Coordinators read it beside the outcome evidence: the pages people find unhelpful are the
advice to rewrite, and the comments say why.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, insert, select

from services.outcomes import models

LATEST_COMMENTS = 5

table = models.page_feedback


def record(session, feedback: dict, today: date) -> None:
    session.execute(insert(table).values(**feedback, received_on=today))


def report(session) -> list[dict]:
    """Per page, the least helpful first: yes and no counts, and the latest comments."""
    helpful = func.count().filter(table.c.helpful)
    counts = session.execute(
        select(table.c.page, helpful, func.count() - helpful).group_by(table.c.page)
    ).all()
    # The latest comments of every page in one query, not one query a page.
    newest_first = func.row_number().over(partition_by=table.c.page, order_by=table.c.id.desc())
    latest = (
        select(table.c.page, table.c.received_on, table.c.helpful, table.c.comment)
        .add_columns(newest_first.label("n"))
        .where(table.c.comment.is_not(None))
        .subquery()
    )
    comments = defaultdict(list)
    for page, on, was, text, _ in session.execute(
        select(latest).where(latest.c.n <= LATEST_COMMENTS).order_by(latest.c.page, latest.c.n)
    ):
        comments[page].append({"received_on": on.isoformat(), "helpful": was, "comment": text})
    pages = [
        {"page": page, "helpful": yes, "not_helpful": no, "comments": comments[page]}
        for page, yes, no in counts
    ]
    return sorted(pages, key=lambda p: (-p["not_helpful"], p["helpful"], p["page"]))
