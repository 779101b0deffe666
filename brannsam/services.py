"""Fire-service identity and station categories shared by the build and the pages."""

from __future__ import annotations

import re
import unicodedata

STRUCTURES = {
    "dsb": {
        "fil": "brannvesen.csv",
        "navn": "DSBs brannstasjonsregister (13 brannvesen)",
        "beskrivelse": (
            "Hvilket brannvesen DSBs brannstasjonsregister knytter kommunens stasjoner til "
            "(uttrekk 2026). Dette er strukturen Brannsam viser som standard."
        ),
        "kilde": "DSB «Brannstasjoner» (Geonorge, NLOD), uttrekk 2026",
        "aar": 2026,
        "standard": True,
    },
    "nyheter2024": {
        "fil": "brannvesen_nyhetskilder.csv",
        "navn": "Nyhetsbasert kobling (19 enheter)",
        "beskrivelse": (
            "Eldre kobling fra nyhets- og kommunesider, nærmere strukturen da studien startet "
            "i 2024 (infoskrivet talte 18 brannvesen). Ikke studiens egen liste."
        ),
        "kilde": "Nyhets- og kommunesider, se SOURCES.md (sikkerhet per rad)",
        "aar": 2024,
        "standard": False,
    },
}
DEFAULT_STRUCTURE = "dsb"


def slug(name: str) -> str:
    """A stable URL id for a fire service: `Brann og redning Orkland` -> `brann-og-redning-orkland`."""
    text = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def station_category(dsb_kasernert: object, heltid_deltid: str) -> str:
    """DSB's staffing code first (DN/DA/IK, our reading of it), then the older source text."""
    code = dsb_kasernert.strip().upper() if isinstance(dsb_kasernert, str) else ""
    if code == "DN":
        return "døgnkasernert"
    if code == "DA":
        return "dagkasernert"
    if code == "IK":
        return "ikke kasernert"
    text = heltid_deltid.lower()
    if "depot" in text:
        return "depot"
    if "heltid" in text or "døgn" in text:
        return "døgnkasernert"
    if "deltid" in text:
        return "ikke kasernert"
    return "ukjent"
