"""Request and response shapes of the public API, a module per part of the product.

The gateway validates with them (422 with a message per field) and builds the
OpenAPI document from them, so the document cannot drift; each service loads
what it receives with the same schema.
"""

from contracts.api.cases import (
    CASE_DEFAULTS,
    CASE_STATES,
    CaseFields,
    CaseList,
    CaseListQuery,
    CaseOut,
    DraftCase,
    EditCase,
    SubmitCase,
    submission_schema,
)
from contracts.api.common import (
    MAX_PAGE_SIZE,
    ErrorOut,
    Paging,
    Strict,
    TokenOut,
    TokenRequest,
    text,
)
from contracts.api.directory import (
    CardIn,
    CardList,
    CardOut,
    ClinicianQuery,
    ExpertiseIn,
    ExpertList,
    ExpertOut,
    ServiceIn,
    ServiceList,
    ServiceOut,
    SiteIn,
    SiteList,
    SiteOut,
)
from contracts.api.meetings import (
    ActionIn,
    AgendaItem,
    AttendanceIn,
    ConferenceList,
    ConferenceOut,
    ConferenceQuery,
    MinutesItemIn,
    Person,
    RecordMinutes,
)
from contracts.api.operations import AuditQuery, DeadLetterQuery, NotificationQuery
from contracts.api.outcomes import OutcomeOut, RecordOutcome

__all__ = [
    "MAX_PAGE_SIZE",
    "Strict",
    "text",
    "TokenRequest",
    "TokenOut",
    "Paging",
    "ErrorOut",
    "CaseFields",
    "CASE_DEFAULTS",
    "SubmitCase",
    "DraftCase",
    "submission_schema",
    "EditCase",
    "CaseOut",
    "CaseList",
    "CASE_STATES",
    "CaseListQuery",
    "ConferenceQuery",
    "ActionIn",
    "MinutesItemIn",
    "AttendanceIn",
    "RecordMinutes",
    "Person",
    "AgendaItem",
    "ConferenceOut",
    "ConferenceList",
    "RecordOutcome",
    "OutcomeOut",
    "NotificationQuery",
    "DeadLetterQuery",
    "AuditQuery",
    "ExpertiseIn",
    "CardIn",
    "CardOut",
    "CardList",
    "ClinicianQuery",
    "ExpertOut",
    "ExpertList",
    "ServiceIn",
    "ServiceList",
    "ServiceOut",
    "SiteIn",
    "SiteOut",
    "SiteList",
]
