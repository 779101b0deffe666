"""The study's alternatives as source files (`alternativer.csv`, `alternativ_poster.csv`,
`alternativ_engang.csv`): their columns, the zones and areas written in a cell, and the checks
across the three files. The alternatives page starts from them."""

from __future__ import annotations

import pandas as pd

from brannsam.data.columns import Column, bounded
from brannsam.data.sources import SourceError, SourceSpec

# The study's alternatives (zero alternative and ways of cooperating), their budget lines and
# their one-off costs: the defaults the alternatives page starts from.
ALTERNATIV_SCORE = (-4, 4)
ALTERNATIVER = SourceSpec(
    "alternativer.csv",
    (
        Column(name="alternativ_id"),
        Column(name="navn"),
        Column(name="organisasjonsform"),
        Column(name="vertskap"),
        Column(name="beskrivelse"),
        Column(name="omrader", required=False),
        Column(name="soner", required=False),
        Column(name="bistand", kind="bool"),
        *(
            bounded(name, "int", ALTERNATIV_SCORE)
            for name in ("kvalitet", "robusthet", "kompetanse", "forankring", "gjennomforing")
        ),
        Column(name="kilde"),
    ),
    key=("alternativ_id",),
)

ALTERNATIV_POSTER = SourceSpec(
    "alternativ_poster.csv",
    (
        Column(name="alternativ_id"),
        Column(name="post"),
        Column(name="blokk", kind="choice", choices=("ledelse", "forebyggende", "beredskap", "felles")),
        Column(name="arsverk", kind="float", minimum=0, maximum=2000),
        Column(name="kr_per_arsverk", kind="float", minimum=0, maximum=5_000_000),
        Column(name="drift_kr", kind="float", minimum=0, maximum=5_000_000_000),
        Column(name="investering_kr", kind="float", minimum=0, maximum=50_000_000_000),
        Column(name="levetid_aar", kind="float", minimum=1, maximum=100),
        Column(name="rente", kind="float", minimum=0, maximum=50),
        Column(name="besparelse_kr", kind="float", minimum=0, maximum=5_000_000_000),
        Column(name="erstatter", kind="choice", choices=("ingen", "vaktordning", "arsverk")),
        Column(name="erstatter_mengde", kind="float", minimum=0, maximum=1_000_000_000),
        Column(name="folger_medlemmer", kind="bool"),
        Column(name="per_sone", kind="bool"),
        Column(name="kilde"),
    ),
    key=("alternativ_id", "post"),
)

ALTERNATIV_ENGANG = SourceSpec(
    "alternativ_engang.csv",
    (
        Column(name="alternativ_id"),
        Column(name="post"),
        Column(name="blokk", kind="choice", choices=("ledelse", "forebyggende", "beredskap", "felles")),
        Column(name="aar_fra_start", kind="int", minimum=-3, maximum=10),
        Column(name="belop_kr", kind="float", minimum=0, maximum=50_000_000_000),
        Column(name="per_sone", kind="bool"),
        Column(name="kilde"),
    ),
    key=("alternativ_id", "post"),
)


def zones(text: object) -> list[dict[str, str]]:
    """«Sør=Trondheim hovedbrannstasjon (Sluppen);Nord=Steinkjer brannstasjon» as
    [{"navn": "Sør", "base": "Trondheim hovedbrannstasjon (Sluppen)"}, …] (the file's way of
    writing an alternative's duty-officer zones, each a name and its base station)."""
    if not isinstance(text, str) or not text.strip():
        return []
    out = []
    for part in text.split(";"):
        name, _, base = part.partition("=")
        out.append({"navn": name.strip(), "base": base.strip()})
    return out


def area_list(text: object) -> list[str]:
    """«ledelse;forebyggende» as a list of cooperation area ids (empty or missing: none)."""
    return [a.strip() for a in text.split(";") if a.strip()] if isinstance(text, str) else []


def check_alternatives(data: dict[str, pd.DataFrame]) -> None:
    """The alternatives name known forms, areas and stations, and their lines known alternatives."""
    known_forms = set(data["organisasjonsformer"]["form_id"]) | {"dagens"}
    areas = set(data["samarbeidsomrader"]["omrade_id"])
    stations = set(data["stasjoner"]["navn"])
    file = ALTERNATIVER.file
    for row, alt in enumerate(data["alternativer"].itertuples(index=False), start=2):
        if alt.organisasjonsform not in known_forms:
            raise SourceError(
                file, f"ukjent organisasjonsform «{alt.organisasjonsform}».", row, "organisasjonsform"
            )
        named = area_list(alt.omrader)
        if unknown := sorted(set(named) - areas):
            raise SourceError(file, f"ukjent samarbeidsområde «{', '.join(unknown)}».", row, "omrader")
        for zone in zones(alt.soner):
            if not zone["navn"] or zone["base"] not in stations:
                raise SourceError(
                    file,
                    f"sonen «{zone['navn']}» må ha en brannstasjon som base («Navn=Stasjon»).",
                    row,
                    "soner",
                )
    ids = set(data["alternativer"]["alternativ_id"])
    for spec, key in ((ALTERNATIV_POSTER, "alternativ_poster"), (ALTERNATIV_ENGANG, "alternativ_engang")):
        for row, alt_id in enumerate(data[key]["alternativ_id"], start=2):
            if alt_id not in ids:
                raise SourceError(spec.file, f"ukjent alternativ «{alt_id}».", row, "alternativ_id")
