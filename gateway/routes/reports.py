"""Routes for the evidence: the outcome report (JSON, CSV, PNG) and each clinician's CPD record."""

from __future__ import annotations

import base64

from werkzeug.wrappers import Response

from contracts import api
from gateway.calls import LEADS, call
from gateway.headers import policy_with_styles
from gateway.web import route


def _wire(query: dict) -> dict:
    """The query as RPC can carry it: JSON, so times as ISO strings."""
    when = {"from": query.pop("from_"), "to": query.pop("to")}
    return {**query, **{k: v.isoformat() if v else None for k, v in when.items()}}


def _wants(request, query_format: str, media_type: str, name: str) -> bool:
    asked = request.args.get("format")
    return query_format == name or (not asked and request.accept_mimetypes.best == media_type)


class ReportRoutes:
    @route(
        "GET",
        "/api/v1/reports/outcomes",
        "Outcome evidence per conference, chair, service, site or body region; "
        "format=csv or Accept: text/csv for a spreadsheet (leads)",
        roles=LEADS,
        query=api.OutcomeReportQuery,
        response=api.OutcomeReport,
        tag="reports",
        media_types=("application/json", "text/csv"),
    )
    def outcome_report(self, request):
        actor = self._actor(request, LEADS)
        query = _wire(request.query)
        if _wants(request, query.pop("format"), "text/csv", "csv"):
            body = call(self.outcomes, "outcome_report_csv", query, actor)
            filename = f"outcomes-by-{query['group_by']}.csv"
            return Response(
                body,
                mimetype="text/csv",
                headers={"Content-Disposition": f'attachment; filename="{filename}"'},
            )
        return call(self.outcomes, "outcome_report", query, actor)

    @route(
        "GET",
        "/api/v1/reports/outcomes.png",
        "The outcome report as charts for a board paper: referral avoided over time and by group",
        roles=LEADS,
        query=api.OutcomeReportQuery,
        tag="reports",
        media_types=("image/png",),
    )
    def outcome_report_png(self, request):
        actor = self._actor(request, LEADS)
        query = _wire(request.query)
        query.pop("format")
        png = call(self.outcomes, "outcome_report_png", query, actor)
        return Response(base64.b64decode(png), mimetype="image/png")

    @route(
        "GET",
        "/api/v1/me/cpd",
        "My CPD record: conferences, cases presented and what happened, reflections; "
        "format=html for a printable page",
        query=api.CpdQuery,
        response=api.CpdRecord,
        tag="reports",
        media_types=("application/json", "text/html"),
    )
    def my_cpd_record(self, request):
        actor = self._actor(request)
        query = _wire(request.query)
        if _wants(request, query.pop("format"), "text/html", "html"):
            page = call(self.outcomes, "cpd_page", actor, query)
            # A page to save or print as it is, so its styles are inline: allowed by hash.
            policy = {"Content-Security-Policy": policy_with_styles(page)}
            return Response(page, mimetype="text/html", headers=policy)
        return call(self.outcomes, "cpd_record", actor, query)

    @route(
        "GET",
        "/api/v1/reports/page-feedback",
        "Was each self-help page helpful: yes and no counts and the latest comments (leads)",
        roles=LEADS,
        tag="reports",
    )
    def page_feedback_report(self, request):
        return {"pages": call(self.outcomes, "page_feedback_report", self._actor(request, LEADS))}
