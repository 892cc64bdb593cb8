"""Routes of the directory: contact cards, sites, and the colleagues matched to a case."""

from __future__ import annotations

from contracts import api, policy
from gateway.calls import call
from gateway.router import API
from gateway.web import checked_body, window


@API.route(
    "GET",
    "/api/v1/clinicians",
    "Find colleagues by expertise, site, service or band, most relevant first",
    action=policy.READ_DIRECTORY,
    query=api.ClinicianQuery,
    response=api.CardList,
    tag="directory",
)
def search_clinicians(ports, request, actor):
    query = request.query
    offset, limit = window(query)
    filters = {k: query[k] for k in ("q", "body_region", "tag", "site", "service", "band")}
    return call(ports.cases, "search_cards", actor, filters, offset, limit)


@API.route(
    "GET",
    "/api/v1/clinicians/<string:clinician_id>",
    "A colleague's contact card",
    action=policy.READ_DIRECTORY,
    response=api.CardOut,
    tag="directory",
)
def get_clinician_card(ports, request, actor, clinician_id):
    return call(ports.cases, "get_card", clinician_id, actor)


@API.route(
    "PUT",
    "/api/v1/clinicians/<string:clinician_id>/card",
    "Change a contact card",
    action=policy.EDIT_CARD,
    body=api.CardIn,
    response=api.CardOut,
    tag="directory",
)
def update_card(ports, request, actor, clinician_id):
    card = checked_body(request, api.CardIn)
    return call(ports.cases, "update_card", clinician_id, card, actor)


@API.route(
    "GET",
    "/api/v1/cases/<string:case_id>/experts",
    "Colleagues best placed to help with a case, with the reasons",
    action=policy.READ_CASE,
    response=api.ExpertList,
    tag="directory",
)
def case_experts(ports, request, actor, case_id):
    return call(ports.cases, "experts_for_case", case_id, actor)


@API.route(
    "GET",
    "/api/v1/sites",
    "The sites of the service",
    action=policy.READ_DIRECTORY,
    response=api.SiteList,
    tag="directory",
)
def list_sites(ports, request, actor):
    return call(ports.staff, "list_sites")


@API.route(
    "POST",
    "/api/v1/sites",
    "Add a site",
    action=policy.ADMINISTER_SITES,
    body=api.SiteIn,
    response=api.SiteOut,
    status=201,
    tag="directory",
)
def add_site(ports, request, actor):
    return call(ports.staff, "add_site", checked_body(request, api.SiteIn), actor)


@API.route(
    "GET",
    "/api/v1/services",
    "The services clinicians work in",
    action=policy.READ_DIRECTORY,
    response=api.ServiceList,
    tag="directory",
)
def list_services(ports, request, actor):
    return call(ports.staff, "list_services")


@API.route(
    "POST",
    "/api/v1/services",
    "Add a service",
    action=policy.ADMINISTER_SITES,
    body=api.ServiceIn,
    response=api.ServiceOut,
    status=201,
    tag="directory",
)
def add_service(ports, request, actor):
    return call(ports.staff, "add_service", checked_body(request, api.ServiceIn), actor)
