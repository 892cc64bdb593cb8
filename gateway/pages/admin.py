"""Admins' pages for when messaging went wrong: parked events and emails that could not go."""

from __future__ import annotations

from contracts import policy
from contracts.api import MAX_PAGE_SIZE
from contracts.api.notifications import DELIVERY_STATES
from contracts.errors import NotFound
from gateway.calls import call
from gateway.pages.web import Visit, page, redirect
from mskpeer.platform.settings import SERVICES


class AdminPages:
    @page("GET", "/admin/dead-letters", policy.OPERATE)
    def parked_events_page(self, visit: Visit):
        parked = []
        for service in SERVICES:
            proxy = getattr(self, service)
            parked += call(proxy, "list_dead_letters", None, 0, MAX_PAGE_SIZE)["items"]
        parked.sort(key=lambda letter: letter["parked_at"] or "", reverse=True)
        return visit.page(
            "admin_dead_letters.html", letters=parked, replayed=visit.request.args.get("replayed")
        )

    @page(
        "POST", "/admin/dead-letters/<string:service>/<int:dead_letter_id>/replay", policy.OPERATE
    )
    def replay_parked_event(self, visit: Visit, service, dead_letter_id):
        if service not in SERVICES:
            raise NotFound("SERVICE_NOT_FOUND", f"There is no service called {service}.")
        call(getattr(self, service), "replay_dead_letter", dead_letter_id)
        return redirect(f"/admin/dead-letters?replayed={service}-{dead_letter_id}")

    @page("GET", "/admin/notifications", policy.OPERATE)
    def failed_emails_page(self, visit: Visit):
        status = visit.request.args.get("status", "failed")
        if status not in DELIVERY_STATES:
            status = "failed"
        found = call(self.notifications, "list_deliveries", status, None, 0, MAX_PAGE_SIZE)
        return visit.page(
            "admin_notifications.html",
            deliveries=found["items"],
            total=found["total"],
            showing=status,
            states=DELIVERY_STATES,
            retried=visit.request.args.get("retried"),
        )

    @page("POST", "/admin/notifications/<int:delivery_id>/retry", policy.OPERATE)
    def send_email_again(self, visit: Visit, delivery_id):
        call(self.notifications, "retry_delivery", delivery_id)
        return redirect(f"/admin/notifications?status=failed&retried={delivery_id}")
