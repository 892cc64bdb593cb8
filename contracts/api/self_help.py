"""Feedback on the public self-help pages ("Was this page helpful?"), kept without personal data."""

from marshmallow import fields, validate

from contracts.api.common import Strict, text

SELF_HELP_PAGE = validate.Regexp(r"^/self-help/[a-z0-9/_-]*$", error="a /self-help/ page path")


class PageFeedback(Strict):
    page = fields.String(required=True, validate=[validate.Length(max=200), SELF_HELP_PAGE])
    helpful = fields.Boolean(required=True)
    comment = text(1000, required=False, load_default=None, allow_none=True)
