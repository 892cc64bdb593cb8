"""The directory: expertise contact cards, sites, and colleagues matched to a case."""

from marshmallow import Schema, fields, validate

from contracts.api.common import Paging, Strict, text
from contracts.schemas import (
    BODY_REGIONS,
    EXPERTISE_LEVELS,
    PROFESSIONAL_ROLES,
    TAG,
)


class ExpertiseIn(Strict):
    # A body region (e.g. shoulder) or a condition/skill tag (e.g. frozen_shoulder).
    area = fields.String(required=True, validate=TAG)
    level = fields.String(required=True, validate=validate.OneOf(EXPERTISE_LEVELS))


class CardIn(Strict):
    """What a clinician says about themselves; name, band, service and site come from HR."""

    role = fields.String(required=True, validate=validate.OneOf(PROFESSIONAL_ROLES))
    expertise = fields.List(
        fields.Nested(ExpertiseIn), required=True, validate=validate.Length(max=20)
    )
    happy_to_help_with = text(1000, required=False, load_default="")
    availability = text(300, required=False, load_default="")
    preferred_contact = text(200, required=False, load_default="")


class CardOut(Schema):
    clinician_id = fields.String()
    name = fields.String()
    email = fields.String()
    role = fields.String()
    band = fields.Integer()
    service = fields.String()
    site = fields.String()
    expertise = fields.List(fields.Dict())
    happy_to_help_with = fields.String()
    availability = fields.String()
    preferred_contact = fields.String()
    updated_at = fields.String(allow_none=True)
    relevance = fields.Float()


class CardList(Schema):
    items = fields.List(fields.Nested(CardOut))
    total = fields.Integer()


class ClinicianQuery(Paging):
    q = fields.String(load_default=None, validate=validate.Length(min=2, max=100))
    body_region = fields.String(load_default=None, validate=validate.OneOf(BODY_REGIONS))
    tag = fields.String(load_default=None, validate=TAG)
    site = fields.String(load_default=None, validate=validate.Length(min=1, max=120))
    service = fields.String(load_default=None, validate=TAG)
    band = fields.Integer(load_default=None, validate=validate.Range(4, 8))


class ExpertOut(Schema):
    clinician_id = fields.String()
    name = fields.String()
    score = fields.Float()
    reasons = fields.List(fields.String())


class ExpertList(Schema):
    items = fields.List(fields.Nested(ExpertOut))


class SiteIn(Strict):
    name = text(120)


class SiteOut(Schema):
    id = fields.String()
    name = fields.String()


class SiteList(Schema):
    items = fields.List(fields.Nested(SiteOut))
    total = fields.Integer()


class ServiceIn(Strict):
    code = fields.String(required=True, validate=TAG)  # e.g. pain_management
    name = text(120)


class ServiceOut(Schema):
    code = fields.String()
    name = fields.String()


class ServiceList(Schema):
    items = fields.List(fields.Nested(ServiceOut))
    total = fields.Integer()
