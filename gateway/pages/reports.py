"""Reports: the outcome evidence for the leads (figures, chart, CSV) and everyone's CPD record.

The same RPCs as GET /api/v1/reports/outcomes (and its CSV and PNG forms) and
GET /api/v1/me/cpd: the outcomes service audits each report it gives.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from marshmallow import ValidationError
from werkzeug.wrappers import Response

from contracts import policy
from contracts.api import MAX_PAGE_SIZE
from contracts.api.reports import GROUP_BY, OutcomeReportQuery
from contracts.errors import NotFound
from gateway.calls import call
from gateway.pages.dates import iso, typed_or_linked
from gateway.pages.panel import service_names
from gateway.pages.rendering import when
from gateway.pages.web import Visit, page
from gateway.pages.words import words

GROUPS = {
    "conference": "Conference",
    "chair": "Chair",
    "service": "Presenter's service",
    "site": "Presenter's site",
    "body_region": "Body region",
}


class ReportPages:
    @page("GET", "/reports", policy.READ_OWN_CPD)
    def reports_page(self, visit: Visit):
        if not policy.has_role_for(visit.person, policy.READ_REPORTS):
            return visit.page("reports.html", report=None, asked={}, problem=None)
        args = visit.request.args
        period = {end: typed_or_linked(args, end) for end in ("from", "to")}
        asked, query, problem = _report_query(
            {**args.to_dict(), **{end: iso(parts) or "" for end, parts in period.items()}}
        )
        report = call(self.outcomes, "outcome_report", query, visit.person)
        services = service_names(self.staff) if report["group_by"] == "service" else {}
        for group in report["groups"]:
            group["label"] = self._group_name(report["group_by"], group, services)
        return visit.page(
            "reports.html",
            report=report,
            asked=asked,
            period=period,
            problem=problem,
            groups=[(key, GROUPS[key]) for key in GROUP_BY],
            grouped_by=GROUPS[report["group_by"]],
            chart=f"/reports/outcomes.png?{urlencode(asked)}",
            spreadsheet=f"/reports/outcomes.csv?{urlencode(asked)}",
            summary=chart_summary(report),
            page_feedback=call(self.outcomes, "page_feedback_report", visit.person),
        )

    def _group_name(self, group_by: str, group: dict, services: dict[str, str]) -> str:
        """A group as people know it: a conference by its date, a service by its name."""
        if group_by == "conference":
            try:
                return when(call(self.scheduling, "get_conference", group["key"])["starts_at"])
            except NotFound:
                return group["label"]
        if group_by == "service":
            return services.get(group["label"], group["label"])
        return words(group["label"]) if group_by == "body_region" else group["label"]

    @page("GET", "/reports/outcomes.png", policy.READ_REPORTS)
    def outcome_chart(self, visit: Visit):
        query = _report_query(visit.request.args)[1]
        png = call(self.outcomes, "outcome_report_png", query, visit.person)
        return Response(base64.b64decode(png), mimetype="image/png")

    @page("GET", "/reports/outcomes.csv", policy.READ_REPORTS)
    def outcome_spreadsheet(self, visit: Visit):
        query = _report_query(visit.request.args)[1]
        body = call(self.outcomes, "outcome_report_csv", query, visit.person)
        filename = f"outcomes-by-{query['group_by']}.csv"
        disposition = f'attachment; filename="{filename}"'
        return Response(body, mimetype="text/csv", headers={"Content-Disposition": disposition})

    @page("GET", "/me/cpd", policy.READ_OWN_CPD)
    def cpd_page(self, visit: Visit):
        me = visit.person
        record = call(self.outcomes, "cpd_record", me, {"from": None, "to": None})
        actions = call(self.scheduling, "list_actions", me["id"], None, 0, MAX_PAGE_SIZE)
        return visit.page("cpd.html", record=record, actions=actions["items"], now=self.clock())


def _report_query(args) -> tuple[dict, dict, str | None]:
    """What was asked (to keep in links), the RPC's query, and what was wrong with it.

    A period that cannot be read shows every outcome instead, with the reason:
    a lead looking at a report should still see a report.
    """
    asked = {k: args[k] for k in ("group_by", "from", "to") if args.get(k)}
    try:
        loaded = OutcomeReportQuery().load(asked)
        problem = None
    except ValidationError as error:
        asked = {"group_by": asked.get("group_by")} if asked.get("group_by") in GROUPS else {}
        loaded = OutcomeReportQuery().load(asked)
        problem = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.messages.items())
    period = {"from": loaded["from_"], "to": loaded["to"]}
    query = {"group_by": loaded["group_by"]}
    query |= {k: v.isoformat() if v else None for k, v in period.items()}
    return asked, query, problem


def chart_summary(report: dict) -> str:
    """The chart's figures in words: its alternative text for people who cannot see it."""
    total = report["total"]
    rate = total["referral_avoided_rate"]
    avoided = (
        f"{total['referral_avoided']} of {total['referral_intended']} planned referrals were "
        f"avoided ({rate:.0%})"
        if rate is not None
        else "no outcome yet of a case where a referral was planned"
    )
    months = ", ".join(
        f"{m['month']}: {m['cases_discussed']} discussed" for m in report["by_month"]
    )
    return (
        f"Chart of the outcome evidence. {total['cases_discussed']} cases discussed, "
        f"{total['outcomes_returned']} outcomes returned; {avoided}. "
        + (f"By month of discussion, {months}." if months else "No discussions in the period.")
    )
