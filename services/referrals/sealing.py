"""Patients' details sealed at rest with AES-GCM, and keyed hashes to match them.

`REFERRALS_DATA_KEYS` is `k2:<base64>,k1:<base64>`: 256-bit keys with ids, the
first one current. A sealed value is `<key id>:<base64 nonce + ciphertext>`, so
a row sealed under an older key still opens, and `mskpeer referrals
rotate-keys` re-seals it under the current one. The associated data binds a
ciphertext to its row and field: a name copied into another row's NHS number
column fails to open instead of being shown as someone else's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# Only for the embedded demo (`make run`, AMQP_URI=memory://): published here,
# so it protects nothing. A deployment on a broker refuses to start without keys.
EMBEDDED_DEMO_KEYS = "demo1:" + base64.b64encode(b"mskpeer embedded demo key public").decode()


class KeysMissing(ValueError):
    """The service has no usable keys: it must not start (or store anything)."""


class SealBroken(ValueError):
    """A sealed value does not open: wrong key, row or field, or tampered with."""


class Keyring:
    def __init__(self, keys: list[tuple[str, bytes]]):
        if not keys:
            raise KeysMissing("REFERRALS_DATA_KEYS has no keys")
        self.current_id = keys[0][0]
        self._keys = dict(keys)
        # Matching keys are derived, so a data key is never used for two purposes.
        self._match_keys = {
            key_id: hmac.new(key, b"referrals person match", hashlib.sha256).digest()
            for key_id, key in keys
        }

    @classmethod
    def from_setting(cls, text: str | None, embedded: bool) -> Keyring:
        if not text:
            if not embedded:
                raise KeysMissing(
                    "set REFERRALS_DATA_KEYS (e.g. k1:<32 random bytes in base64>) "
                    "before running the referrals service"
                )
            text = EMBEDDED_DEMO_KEYS
        keys = []
        for part in text.split(","):
            key_id, _, encoded = part.strip().partition(":")
            try:
                key = base64.b64decode(encoded, validate=True)
            except ValueError:
                raise KeysMissing(f"key {key_id!r} is not base64") from None
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,20}", key_id) or len(key) != 32:
                raise KeysMissing(f"key {key_id!r}: an id of letters/digits and 32 bytes")
            keys.append((key_id, key))
        return cls(keys)

    def seal(self, value: str | None, row_id: str, field: str) -> str | None:
        if value is None:
            return None
        nonce = os.urandom(12)
        sealed = AESGCM(self._keys[self.current_id]).encrypt(
            nonce, value.encode(), _bound(row_id, field)
        )
        return f"{self.current_id}:{base64.b64encode(nonce + sealed).decode()}"

    def open(self, sealed: str | None, row_id: str, field: str) -> str | None:
        if sealed is None:
            return None
        key_id, _, encoded = sealed.partition(":")
        if key_id not in self._keys:
            raise SealBroken(f"sealed under key {key_id!r}, which is no longer configured")
        raw = base64.b64decode(encoded)
        try:
            plain = AESGCM(self._keys[key_id]).decrypt(raw[:12], raw[12:], _bound(row_id, field))
        except InvalidTag:
            raise SealBroken(f"{field} of referral {row_id} does not open") from None
        return plain.decode()

    @property
    def ids(self) -> set[str]:
        return set(self._keys)

    def is_current(self, sealed: str | None) -> bool:
        return sealed is None or sealed.startswith(self.current_id + ":")

    def match(self, text: str | None) -> str | None:
        """A keyed hash under the current key (stored)."""
        return self.matches(text)[0] if text else None

    def matches(self, text: str) -> list[str]:
        """The hashes under every key, to find rows not yet re-keyed."""
        return [
            f"{key_id}:{hmac.new(key, text.encode(), hashlib.sha256).hexdigest()}"
            for key_id, key in self._match_keys.items()
        ]


def _bound(row_id: str, field: str) -> bytes:
    return f"referral:{row_id}:{field}".encode()
