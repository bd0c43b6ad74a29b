"""did:key for Ed25519 public keys (W3C CCG did:key method, multicodec ed25519-pub 0xed01).

did:key:z6Mk… is 'z' (multibase base58btc) followed by the base58btc text of the two multicodec
bytes 0xed 0x01 and the 32-byte public key. The verification method of such a DID is the DID,
'#', and the same multibase text.
"""

from __future__ import annotations

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUB = b"\xed\x01"
PREFIX = "did:key:"


class NotADidKey(ValueError):
    """Text that is not the did:key of an Ed25519 key."""


def base58_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(ALPHABET[remainder])
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + "".join(reversed(digits))


def base58_decode(text: str) -> bytes:
    number = 0
    for char in text:
        position = ALPHABET.find(char)
        if position < 0:
            raise NotADidKey(f"{char!r} is not a base58 character")
        number = number * 58 + position
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading_zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * leading_zeros + body


def multibase(data: bytes) -> str:
    """base58btc multibase text: 'z' and the base58 digits."""
    return "z" + base58_encode(data)


def from_multibase(text: str) -> bytes:
    if not text.startswith("z"):
        raise NotADidKey("only base58btc multibase ('z…') is used here")
    return base58_decode(text[1:])


def did_from_public_key(public_key: bytes) -> str:
    if len(public_key) != 32:
        raise NotADidKey("an Ed25519 public key has 32 bytes")
    return PREFIX + multibase(ED25519_PUB + public_key)


def public_key_from_did(did: str) -> bytes:
    """The Ed25519 public key a did:key (or its verification method, with '#…') names."""
    if not did.startswith(PREFIX):
        raise NotADidKey(f"{did[:40]!r} is not a did:key")
    identifier = did[len(PREFIX):].split("#", 1)[0]
    decoded = from_multibase(identifier)
    if not decoded.startswith(ED25519_PUB) or len(decoded) != 34:
        raise NotADidKey("this did:key is not an Ed25519 key")
    return decoded[2:]


def verification_method(did: str) -> str:
    return f"{did}#{did[len(PREFIX):]}"
