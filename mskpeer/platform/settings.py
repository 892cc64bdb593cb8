"""Configuration from the environment: one place that knows the names.

External checks rely on these variable names, so they are spelled exactly as in
the README's configuration table.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

SERVICES = ("cases", "scheduling", "notifications", "outcomes", "staff", "referrals")
PARTS = (*SERVICES, "gateway")

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


class BadSetting(ValueError):
    pass


def parse_duration(text: str) -> timedelta:
    """`42d`, `7d`, `3s`, `90m`, `500ms`; a bare number is seconds."""
    match = _DURATION.match(str(text))
    if not match:
        raise BadSetting(f"not a duration: {text!r} (use e.g. 42d, 12h, 30m, 3s)")
    value, unit = match.groups()
    return timedelta(seconds=float(value) * _UNITS[unit or "s"])


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


LOG_FORMATS = ("json", "console")


def log_format() -> str:
    """LOG_FORMAT: `json`, one object a line for a log shipper, outside the embedded mode;
    `console` for a person at a terminal, the default of `make run` (no AMQP_URI)."""
    embedded = (env("AMQP_URI") or "memory://").startswith("memory://")
    chosen = (env("LOG_FORMAT") or ("console" if embedded else "json")).lower()
    if chosen not in LOG_FORMATS:
        raise BadSetting(f"LOG_FORMAT must be json or console, not {chosen!r}")
    return chosen


def trusted_proxies() -> set[str]:
    """Addresses of the proxies in front of the gateway whose X-Forwarded-For is believed."""
    return {a.strip() for a in (env("TRUSTED_PROXIES") or "").split(",") if a.strip()}


def data_dir() -> Path:
    return Path(env("DATA_DIR", "./var")).resolve()


def database_url(service: str) -> str:
    url = env(f"{service.upper()}_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / (service + '.db')}"


def seeds_demo() -> bool:
    """The demo people only on the embedded defaults, or when SEED_DEMO=1 says so: a
    product pointed at a broker or a database of its own starts with nobody in it."""
    configured = env("AMQP_URI") or any(
        env(f"{service.upper()}_DATABASE_URL") for service in SERVICES
    )
    return env("SEED_DEMO", "0" if configured else "1") != "0"


def amqp_queue_type() -> str:
    """`classic` (one node) or `quorum` (replicated over a cluster's nodes)."""
    value = env("AMQP_QUEUE_TYPE", "classic").lower()
    if value not in ("classic", "quorum"):
        raise BadSetting(f"AMQP_QUEUE_TYPE is {value!r}: use classic or quorum")
    return value


def nameko_config() -> dict:
    """The config dict handed to every nameko container of this process."""
    return {
        # Several brokers of one cluster as `amqp://h1//;amqp://h2//`: clients fail over.
        "AMQP_URI": env("AMQP_URI", "memory://"),
        "AMQP_QUEUE_TYPE": amqp_queue_type(),
        "WEB_SERVER_ADDRESS": env("WEB_SERVER_ADDRESS", "127.0.0.1:8000"),
        # GET /metrics on a port of its own (mskpeer/platform/metrics_server.py); off if unset.
        "METRICS_ADDRESS": env("METRICS_ADDRESS"),
        "SERIALIZER": "json",
        "max_workers": int(env("MAX_WORKERS", "20")),
        "PARENT_CALLS_TRACKED": 10,
        "HEARTBEAT": 30,
        "DATABASE_URLS": {service: database_url(service) for service in SERVICES},
        # Connections each service of this process keeps to its database. Size it with
        # PostgreSQL's max_connections: processes x services x this must fit under it.
        "DATABASE_POOL": int(env("DATABASE_POOL", "10")),
        "HANDLER_MAX_ATTEMPTS": int(env("HANDLER_MAX_ATTEMPTS", "5")),
        "HANDLER_BACKOFF": parse_duration(env("HANDLER_BACKOFF", "0.2s")).total_seconds(),
        "HANDLER_OUTAGE_RETRY": parse_duration(env("HANDLER_OUTAGE_RETRY", "2m")).total_seconds(),
        # Every timer's interval times this (never below a second): below 1 only to
        # compress a day into minutes, in a test or a demo (mskpeer/platform/timers.py).
        "TIMER_SCALE": float(env("TIMER_SCALE", "1")),
        "RELAY_GRACE": parse_duration(env("RELAY_GRACE", "2s")).total_seconds(),
        # `case.submitted=1,...`: events sent at an earlier version while consumers are
        # upgraded (docs/events.md, "Rolling upgrades"); checked when a service starts.
        "EVENT_VERSION_PINS": env("EVENT_VERSION_PINS", ""),
        "SMTP_HOST": env("SMTP_HOST"),
        "SMTP_PORT": int(env("SMTP_PORT", "25")),
        "SMTP_STARTTLS": env("SMTP_STARTTLS", "0") == "1",
        "SMTP_USERNAME": env("SMTP_USERNAME"),
        "SMTP_PASSWORD": env("SMTP_PASSWORD"),
        "SMTP_CONCURRENCY": int(env("SMTP_CONCURRENCY", "8")),  # messages in flight per service
        "MAIL_LEASE": env("MAIL_LEASE", "10s"),
        "MAIL_FROM": env("MAIL_FROM", "MSK Peer Support <no-reply@mskpeer.example.nhs.uk>"),
        "BASE_URL": env("BASE_URL"),
        "DEV_MAIL_DIR": env("DEV_MAIL_DIR"),
        "SEED_DEMO": seeds_demo(),
        "FOLLOW_UP_AFTER": env("FOLLOW_UP_AFTER", "42d"),
        "FOLLOW_UP_REMINDER_AFTER": env("FOLLOW_UP_REMINDER_AFTER", "7d"),
        "FOLLOW_UP_ESCALATE_AFTER": env("FOLLOW_UP_ESCALATE_AFTER", "7d"),
        "FOLLOW_UP_LATER": env("FOLLOW_UP_LATER", ""),
        "AGENDA_PUBLISH_BEFORE": env("AGENDA_PUBLISH_BEFORE", "48h"),
        "QUORUM_CHECK_BEFORE": env("QUORUM_CHECK_BEFORE", "24h"),
        "REMINDER_BEFORE": env("REMINDER_BEFORE", "24h"),
        "DIGEST_AT": env("DIGEST_AT", "07:00"),
        # Keys for patients' details at rest, `id:base64,...`, the first one current.
        "REFERRALS_DATA_KEYS": env("REFERRALS_DATA_KEYS"),
        "REFERRAL_RETENTION": env("REFERRAL_RETENTION", "365d"),
        # A self-referral's answers that say who someone is are hidden after this long idle,
        # for a shared computer's next user; the date of birth shows them again.
        "REFER_ANSWERS_OPEN_FOR": env("REFER_ANSWERS_OPEN_FOR", "30m"),
        "TRIAGE_TARGET": env("TRIAGE_TARGET", "2"),  # working days from received to triaged
        # Browsers send a Secure cookie only over https (or to localhost); `0` only for a
        # trial on plain http at another address, never in production.
        "SESSION_COOKIE_SECURE": env("SESSION_COOKIE_SECURE", "1") != "0",
        "SECRET_KEY": env("SECRET_KEY"),  # checked when the gateway starts (gateway/auth.py)
        "SECRET_KEY_PREVIOUS": env("SECRET_KEY_PREVIOUS"),
        "SIGN_IN_LIMIT": int(env("SIGN_IN_LIMIT", "30")),  # a minute, per address
        # Single sign-on with staff's NHS accounts; all three or none (gateway/openid.py).
        "OIDC_ISSUER": env("OIDC_ISSUER"),
        "OIDC_CLIENT_ID": env("OIDC_CLIENT_ID"),
        "OIDC_CLIENT_SECRET": env("OIDC_CLIENT_SECRET"),
    }


def base_url(config: dict) -> str:
    """Where links in emails point: BASE_URL, or the gateway's own address."""
    return config.get("BASE_URL") or f"http://{config['WEB_SERVER_ADDRESS']}"
