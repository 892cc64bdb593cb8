"""The web app: server-rendered pages for clinicians, served by the gateway beside the API."""

from gateway.openid import SingleSignOnProvider
from gateway.pages.actions import ActionPages
from gateway.pages.admin import AdminPages
from gateway.pages.agenda_changes import AgendaChangePages
from gateway.pages.assets import StaticFiles
from gateway.pages.audit_admin import AuditPages
from gateway.pages.cases import CasePages
from gateway.pages.conferences import ConferencePages
from gateway.pages.coordinating import CoordinatorPages
from gateway.pages.directory import DirectoryPages
from gateway.pages.home import HomePage
from gateway.pages.me import MySettings
from gateway.pages.minutes import MinutesPages
from gateway.pages.my_card import MyCardPage
from gateway.pages.my_unavailability import MyUnavailability
from gateway.pages.outcomes import OutcomePages
from gateway.pages.passwords import PasswordPages
from gateway.pages.referring import ReferralJourney
from gateway.pages.reports import ReportPages
from gateway.pages.rota_planning import RotaPages
from gateway.pages.signing_in import SigningIn
from gateway.pages.single_sign_on import SingleSignOnPages
from gateway.pages.staff_admin import StaffPages
from gateway.pages.triage import TriagePages
from gateway.pages.urgent_pathways import UrgentPathwayPages
from gateway.pages.web import SessionKeeper


class WebPages(
    SigningIn,
    SingleSignOnPages,
    PasswordPages,
    HomePage,
    CasePages,
    DirectoryPages,
    MyCardPage,
    MyUnavailability,
    MySettings,
    ConferencePages,
    AgendaChangePages,
    MinutesPages,
    ActionPages,
    OutcomePages,
    ReportPages,
    ReferralJourney,
    TriagePages,
    CoordinatorPages,
    RotaPages,
    UrgentPathwayPages,
    AdminPages,
    AuditPages,
    StaffPages,
    StaticFiles,
):
    """Mixed into GatewayService: needs its service proxies, `clock`, `config` and
    `correlation_id`."""

    sessions = SessionKeeper()
    single_sign_on = SingleSignOnProvider()  # None unless OIDC_* is set
