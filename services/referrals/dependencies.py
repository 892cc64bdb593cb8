"""The keyring for patients' details, made once when the service starts."""

from __future__ import annotations

from nameko.extensions import DependencyProvider

from mskpeer.embedded import is_embedded
from services.referrals.sealing import Keyring


def keyring_for(config: dict) -> Keyring:
    """REFERRALS_DATA_KEYS; the published demo key only when running embedded (memory://)."""
    embedded = is_embedded(str(config.get("AMQP_URI", "")))
    return Keyring.from_setting(config.get("REFERRALS_DATA_KEYS"), embedded=embedded)


class Keys(DependencyProvider):
    def setup(self):
        # Raises KeysMissing: a service on a real broker must not start without keys.
        self.keyring = keyring_for(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.keyring
