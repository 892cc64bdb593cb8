"""Routes for the evidence: the outcome report (JSON, CSV, PNG) and each clinician's CPD record."""

from __future__ import annotations

import base64

from werkzeug.wrappers import Response

from contracts import api, policy
from gateway.calls import call
from gateway.headers import policy_with_styles
from gateway.router import API


def _wire(query: dict) -> dict:
    """The query as RPC can carry it: JSON, so times as ISO strings."""
    when = {"from": query.pop("from_"), "to": query.pop("to")}
    return {**query, **{k: v.isoformat() if v else None for k, v in when.items()}}


def _wants(request, query_format: str, media_type: str, name: str) -> bool:
    asked = request.args.get("format")
    return query_format == name or (not asked and request.accept_mimetypes.best == media_type)


@API.route(
    "GET",
    "/api/v1/reports/outcomes",
    "Outcome evidence per conference, chair, service, site or body region; "
    "format=csv or Accept: text/csv for a spreadsheet",
    action=policy.READ_REPORTS,
    query=api.OutcomeReportQuery,
    response=api.OutcomeReport,
    tag="reports",
    media_types=("application/json", "text/csv"),
)
def outcome_report(ports, request, actor):
    query = _wire(request.query)
    if _wants(request, query.pop("format"), "text/csv", "csv"):
        body = call(ports.outcomes, "outcome_report_csv", query, actor)
        filename = f"outcomes-by-{query['group_by']}.csv"
        return Response(
            body,
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return call(ports.outcomes, "outcome_report", query, actor)


@API.route(
    "GET",
    "/api/v1/reports/outcomes.png",
    "The outcome report as charts for a board paper: referral avoided over time and by group",
    action=policy.READ_REPORTS,
    query=api.OutcomeReportQuery,
    tag="reports",
    media_types=("image/png",),
)
def outcome_report_png(ports, request, actor):
    query = _wire(request.query)
    query.pop("format")
    png = call(ports.outcomes, "outcome_report_png", query, actor)
    return Response(base64.b64decode(png), mimetype="image/png")


@API.route(
    "GET",
    "/api/v1/me/cpd",
    "My CPD record: conferences, cases presented and what happened, reflections; "
    "format=html for a printable page",
    action=policy.READ_OWN_CPD,
    query=api.CpdQuery,
    response=api.CpdRecord,
    tag="reports",
    media_types=("application/json", "text/html"),
)
def my_cpd_record(ports, request, actor):
    query = _wire(request.query)
    if _wants(request, query.pop("format"), "text/html", "html"):
        page = call(ports.outcomes, "cpd_page", actor, query)
        # A page to save or print as it is, so its styles are inline: allowed by hash.
        headers = {"Content-Security-Policy": policy_with_styles(page)}
        return Response(page, mimetype="text/html", headers=headers)
    return call(ports.outcomes, "cpd_record", actor, query)


@API.route(
    "GET",
    "/api/v1/reports/page-feedback",
    "Was each self-help page helpful: yes and no counts and the latest comments",
    action=policy.READ_REPORTS,
    tag="reports",
)
def page_feedback_report(ports, request, actor):
    return {"pages": call(ports.outcomes, "page_feedback_report", actor)}
