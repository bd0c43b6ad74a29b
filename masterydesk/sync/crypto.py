"""What leaves the machine: compressed, then encrypted and authenticated with the sync key.

XChaCha20-Poly1305 (libsodium, through PyNaCl) with a random 24-byte nonce per blob; the key
comes from the sync passphrase with Argon2id and the hub's own random salt. Each blob binds the
hub id and its kind (change set, snapshot, device status) as associated data, so a blob moved to
another hub or presented as another kind fails like a changed byte does.
"""

from __future__ import annotations

import base64
import json
import secrets
import zlib
from dataclasses import dataclass

from nacl import bindings, pwhash
from nacl.exceptions import CryptoError

from masterydesk.domain.errors import MasteryDeskError

MAGIC = b"MDS1"
NONCE = bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
KEY_CHECK = b"MasteryDesk sync key check"
HEADER_FORMAT = "masterydesk-hub"
# Argon2id at libsodium's interactive limits (64 MiB, 2 passes): the key is derived once per device
# and remembered in the journal, so the cost is paid at set-up, never per sync.
OPS = pwhash.argon2id.OPSLIMIT_INTERACTIVE
MEMORY = pwhash.argon2id.MEMLIMIT_INTERACTIVE

CHANGES, SNAPSHOT, STATUS = b"changes", b"snapshot", b"status"
# zlib's fastest level: on the ten-year snapshot (90 MB of JSON) 1 s for 28 MB, where level 6 took
# 6 s for 23 MB — the upload spent more time compressing than the smaller blob ever saves.
COMPRESSION = 1


class SealError(MasteryDeskError):
    """A blob that is not what this hub's key sealed: changed, cut short, or from elsewhere."""


class WrongPassphrase(MasteryDeskError):
    """The passphrase does not open this hub."""


@dataclass(frozen=True, slots=True)
class HubKey:
    hub_id: str
    key: bytes


def new_header(passphrase: str) -> tuple[bytes, HubKey]:
    """A new hub's header (its id, salt, Argon2id limits and a key check) and the key it gives."""
    hub_id = secrets.token_hex(8)
    salt = secrets.token_bytes(pwhash.argon2id.SALTBYTES)
    hub_key = HubKey(hub_id, _derive(passphrase, salt, OPS, MEMORY))
    header = {
        "format": HEADER_FORMAT, "version": 1, "hub": hub_id,
        "salt": _b64(salt), "ops": OPS, "memory": MEMORY,
        "check": _b64(seal(hub_key, b"check", KEY_CHECK)),
    }
    return json.dumps(header).encode(), hub_key


def key_from_header(header: bytes, passphrase: str) -> HubKey:
    """The key a passphrase gives for the hub whose header this is; WrongPassphrase if it is not it."""
    try:
        fields = json.loads(header)
        if fields.get("format") != HEADER_FORMAT or fields.get("version") != 1:
            raise ValueError("not a MasteryDesk hub")
        salt, check = base64.b64decode(fields["salt"]), base64.b64decode(fields["check"])
        hub_key = HubKey(str(fields["hub"]), _derive(passphrase, salt, int(fields["ops"]), int(fields["memory"])))
    except (ValueError, KeyError, TypeError) as error:
        raise SealError(f"The hub's header is not a MasteryDesk hub header ({error}).") from error
    try:
        if unseal(hub_key, b"check", check) != KEY_CHECK:
            raise SealError("key check")
    except SealError:
        raise WrongPassphrase("That sync passphrase does not open this hub; nothing was changed.") from None
    return hub_key


def _derive(passphrase: str, salt: bytes, ops: int, memory: int) -> bytes:
    size = bindings.crypto_aead_xchacha20poly1305_ietf_KEYBYTES
    return pwhash.argon2id.kdf(size, passphrase.encode("utf-8"), salt, opslimit=ops, memlimit=memory)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _associated(hub_key: HubKey, kind: bytes) -> bytes:
    return b"masterydesk/1/" + hub_key.hub_id.encode("ascii") + b"/" + kind


def seal(hub_key: HubKey, kind: bytes, plaintext: bytes) -> bytes:
    """The plaintext compressed, encrypted and authenticated for this hub, as the kind given."""
    nonce = secrets.token_bytes(NONCE)
    sealed = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
        zlib.compress(plaintext, COMPRESSION), _associated(hub_key, kind), nonce, hub_key.key
    )
    return MAGIC + nonce + sealed


def unseal(hub_key: HubKey, kind: bytes, blob: bytes) -> bytes:
    """The plaintext of a sealed blob; SealError when any byte of it is not as sealed."""
    if len(blob) < len(MAGIC) + NONCE + 16 or not blob.startswith(MAGIC):
        raise SealError("it is too short or not a MasteryDesk sync file")
    nonce, sealed = blob[len(MAGIC):len(MAGIC) + NONCE], blob[len(MAGIC) + NONCE:]
    try:
        compressed = bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
            sealed, _associated(hub_key, kind), nonce, hub_key.key
        )
        return zlib.decompress(compressed)
    except (CryptoError, zlib.error) as error:
        raise SealError("it was changed, cut short, or sealed with another key") from error
