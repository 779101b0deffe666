"""Fire-service identity and station categories shared by the build and the pages."""

from __future__ import annotations

import re
import unicodedata

# The study's information letter (2024) counted 18 services; it names no list of them.
STUDY_LETTER_SERVICES = 18
# How 18 became 13: the municipalities' own decisions since 2024, as DSB's station register and
# the services' and municipalities' news pages report them (the letter named no list of its 18).
STRUCTURE_CHANGE = (
    "Forskjellen kommer av at flere kommuner har gått inn i større brannvesen siden 2024, blant annet "
    "Hitra i Orkland, Verdal, Osen, Lierne og Røyrvik i Brannvesenet Midt, og Bindal, Flatanger, Leka og "
    "Namsskogan i Namsos; infoskrivet navnga ikke sine 18, så sammenligningen kan ikke gjøres kommune for "
    "kommune."
)
# `navn` gets the number of services the mapping file gives, when the build writes it.
# The year of DSB's station register extract every station, and the default structure, come from.
DSB_EXTRACT_YEAR = 2026
STRUCTURES = {
    "dsb": {
        "fil": "brannvesen.csv",
        "navn": "DSBs brannstasjonsregister",
        "enhet": "brannvesen",
        "beskrivelse": (
            "Hvilket brannvesen DSBs brannstasjonsregister knytter kommunens stasjoner til "
            f"(uttrekk {DSB_EXTRACT_YEAR}). Dette er strukturen Brannsam viser som standard."
        ),
        "kilde": f"DSB «Brannstasjoner» (Geonorge, NLOD), uttrekk {DSB_EXTRACT_YEAR}",
        "aar": DSB_EXTRACT_YEAR,
        "standard": True,
    },
    "nyheter2024": {
        "fil": "brannvesen_nyhetskilder.csv",
        "navn": "Nyhetsbasert kobling",
        "enhet": "enheter",
        "beskrivelse": (
            "Eldre kobling fra nyhets- og kommunesider, nærmere strukturen da studien startet "
            f"i 2024 (infoskrivet talte {STUDY_LETTER_SERVICES} brannvesen). Ikke studiens egen liste."
        ),
        "kilde": "Nyhets- og kommunesider (kommunestyrevedtak og lokalaviser; kilden står per kommune)",
        "aar": 2024,
        "standard": False,
    },
}
DEFAULT_STRUCTURE = "dsb"


def structure_name(struktur_id: str, services: int) -> str:
    """«DSBs brannstasjonsregister (13 brannvesen)», the count taken from the data."""
    meta = STRUCTURES[struktur_id]
    return f"{meta['navn']} ({services} {meta['enhet']})"


def shown_note(name: str, year: int) -> str:
    """Which structure a view shows, next to the study's own count: the two differ, and a reader
    must see that rather than have it papered over."""
    return (
        f"Viser {name}, uttrekk {year}. Studiens infoskriv (2024) talte {STUDY_LETTER_SERVICES}. "
        + STRUCTURE_CHANGE
    )


def slug(name: str) -> str:
    """A stable URL id for a fire service: `Brann og redning Orkland` -> `brann-og-redning-orkland`."""
    text = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def is_depot(category: object, heltid_deltid: object) -> bool:
    """A depot (branndepot): equipment and a few part-timers, no full station. DSB's code can
    say «ikke kasernert» for one, so the register's text counts too."""
    return category == "depot" or "depot" in str(heltid_deltid or "").lower()


def staffing_conflict(category: str, text: str) -> bool:
    """Whether DSB's code (not kasernert) and the station's own source disagree: the source
    speaks of full-time, round-the-clock or kasernert duty (Røros «heltid (døgnbemannet)»,
    Verdal «kasernert dagvakt vedtatt 2017, status ukjent»)."""
    if category != "ikke kasernert":
        return False
    words = text.lower().replace("ikke kasernert", "")
    return any(word in words for word in ("heltid", "døgn", "kasernert"))


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
