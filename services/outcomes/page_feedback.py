"""Feedback on the public self-help pages: stored without personal data, reported per page.

Coordinators read it beside the outcome evidence: the pages people find unhelpful are the
advice to rewrite, and the comments say why.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, insert, select

from services.outcomes import models

LATEST_COMMENTS = 5

table = models.page_feedback


def record(session, feedback: dict, today: date) -> None:
    session.execute(insert(table).values(**feedback, received_on=today))


def report(session) -> list[dict]:
    """Per page, the least helpful first: yes and no counts, and the latest comments."""
    counts = session.execute(
        select(
            table.c.page,
            func.sum(case((table.c.helpful, 1), else_=0)).label("helpful"),
            func.sum(case((table.c.helpful, 0), else_=1)).label("not_helpful"),
        ).group_by(table.c.page)
    ).all()
    pages = []
    for page, helpful, not_helpful in counts:
        comments = session.execute(
            select(table.c.received_on, table.c.helpful, table.c.comment)
            .where(table.c.page == page, table.c.comment.is_not(None))
            .order_by(table.c.id.desc())
            .limit(LATEST_COMMENTS)
        ).all()
        pages.append(
            {
                "page": page,
                "helpful": int(helpful),
                "not_helpful": int(not_helpful),
                "comments": [
                    {"received_on": on.isoformat(), "helpful": was, "comment": text}
                    for on, was, text in comments
                ],
            }
        )
    return sorted(pages, key=lambda p: (-p["not_helpful"], p["helpful"], p["page"]))
