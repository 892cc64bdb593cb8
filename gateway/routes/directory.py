"""Routes of the directory: contact cards, sites, and the colleagues matched to a case."""

from __future__ import annotations

from contracts import api
from gateway.calls import call
from gateway.web import checked_body, route, window


class DirectoryRoutes:
    @route(
        "GET",
        "/api/v1/clinicians",
        "Find colleagues by expertise, site, service or band, most relevant first",
        query=api.ClinicianQuery,
        response=api.CardList,
        tag="directory",
    )
    def search_clinicians(self, request):
        actor = self._actor(request)
        query = request.query
        offset, limit = window(query)
        filters = {k: query[k] for k in ("q", "body_region", "tag", "site", "service", "band")}
        return call(self.cases, "search_cards", actor, filters, offset, limit)

    @route(
        "GET",
        "/api/v1/clinicians/<string:clinician_id>",
        "A colleague's contact card",
        response=api.CardOut,
        tag="directory",
    )
    def get_clinician_card(self, request, clinician_id):
        return call(self.cases, "get_card", clinician_id, self._actor(request))

    @route(
        "PUT",
        "/api/v1/clinicians/<string:clinician_id>/card",
        "Change a contact card (its owner or an admin)",
        body=api.CardIn,
        response=api.CardOut,
        tag="directory",
    )
    def update_card(self, request, clinician_id):
        actor = self._actor(request)
        card = checked_body(request, api.CardIn)
        return call(self.cases, "update_card", clinician_id, card, actor)

    @route(
        "GET",
        "/api/v1/cases/<string:case_id>/experts",
        "Colleagues best placed to help with a case, with the reasons",
        response=api.ExpertList,
        tag="directory",
    )
    def case_experts(self, request, case_id):
        return call(self.cases, "experts_for_case", case_id, self._actor(request))

    @route(
        "GET", "/api/v1/sites", "The sites of the service", response=api.SiteList, tag="directory"
    )
    def list_sites(self, request):
        self._actor(request)
        return call(self.scheduling, "list_sites")

    @route(
        "POST",
        "/api/v1/sites",
        "Add a site (admin)",
        roles=("admin",),
        body=api.SiteIn,
        response=api.SiteOut,
        status=201,
        tag="directory",
    )
    def add_site(self, request):
        self._actor(request, ("admin",))
        site = checked_body(request, api.SiteIn)
        return call(self.scheduling, "add_site", site)

    @route(
        "GET",
        "/api/v1/services",
        "The services clinicians work in",
        response=api.ServiceList,
        tag="directory",
    )
    def list_services(self, request):
        self._actor(request)
        return call(self.scheduling, "list_services")

    @route(
        "POST",
        "/api/v1/services",
        "Add a service (admin)",
        roles=("admin",),
        body=api.ServiceIn,
        response=api.ServiceOut,
        status=201,
        tag="directory",
    )
    def add_service(self, request):
        self._actor(request, ("admin",))
        service = checked_body(request, api.ServiceIn)
        return call(self.scheduling, "add_service", service)
