"""Composite risk index per municipality: normalised indicators, weighted, on a 0–100 scale.

Method, printed on the page too:
- Sizes (inhabitants, settlement inhabitants, objects, area, density) are taken on a log scale,
  log(1 + x), because they span four orders of magnitude; shares and rates stay linear.
- Each indicator is scaled to 0–1 between the region's lowest and highest value (min–max).
  An indicator with the same value everywhere contributes 0 for all.
- Index = Σ weightᵢ × scaledᵢ ÷ Σ weightᵢ × 100. A municipality's contribution from an indicator
  is its term in that sum, so the bars add up to the index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from brannsam import formatting as fmt
from brannsam import scoring
from brannsam.risk.indicators import INDICATORS

LOG_SCALE = {
    "innbyggere",
    "tetthet",
    "tettsted_dreiende",
    "tettsted_dagkasernert",
    "tettsted_dognkasernert",
    "risikoobjekter",
    "areal",
}
CLASSES = ((0, "lav"), (25, "middels"), (50, "høy"), (75, "svært høy"))
# Density and the settlements weigh most (likelihood and spread of fire). One settlement
# indicator, R5's first class (settlements from 3 000 inhabitants), counts the towns: the higher
# classes count the same towns again (Trondheim in every one), so they stay at zero. The
# call-outs stay at zero while they are national rates spread by the share living in towns (they
# would count the towns a third time: Malvik above Trondheim); a service that imports its own
# figures can weigh them. A hospital, an airport with scheduled traffic, and the km of long or
# subsea road tunnels (Skansentunnelen's 510 m weighs a tenth of the Hitra tunnel) weigh one
# each, so no single fact moves a municipality more than about nine points; the modelled shares
# beyond R2's and R3's limits together a sixth, so that an error in the response-time model
# cannot carry a small municipality past a city. Inhabitants, area and the inspections (national
# rate × inhabitants) stay at zero: they follow the population, which density and the
# settlements already count.
DEFAULT_WEIGHTS = {
    "tetthet": 4.0,
    "tettsted_dreiende": 3.0,
    "sykehus": 1.0,
    "tunneler": 1.0,
    "flyplasser": 1.0,
    "andel_over_r2": 1.0,
    "andel_over_r3": 1.0,
}
WEIGHTS_REASON = (
    "Standardvektene: tetthet og innbyggerne i tettsteder fra 3 000 innbyggere veier mest "
    "(sannsynlighet og spredning); tettstedsklassene over det teller de samme byene på nytt og står på "
    "null. Utrykningene står på null så lenge de er landstall fordelt etter hvor mange som bor i "
    "tettsteder (de ville telt byene en tredje gang); de får vekt når brannvesenene importerer egne tall. "
    "Sykehus, lufthavn med rutetrafikk og km lange eller undersjøiske vegtunneler veier én hver, så ingen "
    "enkeltopplysning flytter en kommune mer enn om lag ni poeng; andelene utenfor innsatstiden i R2 og "
    "R3 er modellert og veier til sammen en sjettedel, så en feil i innsatstidsmodellen ikke kan løfte "
    "en liten kommune forbi en by. Innbyggere, areal og tilsyn med særskilte brannobjekter (landstall "
    "fordelt etter innbyggere) står på null: de følger befolkningen, som tettheten og tettstedene "
    "allerede teller."
)
# What a fire chief would expect among the indicators and why it is not there: no public list.
NOT_INDICATORS = (
    "Ikke med: storulykkeanlegg (virksomheter under storulykkeforskriften). DSBs datasett over dem "
    "gis bare ut på forespørsel til kommunal og regional beredskap og arealplanlegging (Geonorge: "
    "«Storulykkeanlegg», eier DSB), så det finnes ingen offentlig liste å telle fra. Brannvesenene "
    "har oversikten og skal kjenne anleggene; den kan legges inn som eget tall når de deler den."
)
# What each indicator measures and what kind of figure it is. «proxy» means it follows the
# population and so says little of its own; «modell» that it comes from the response-time model.
# An estimate becomes a real figure where the services import theirs (see `about_table`).
ABOUT = {
    "innbyggere": ("hvor mange som kan rammes", "faktisk (SSB)"),
    "tetthet": ("hvor tett folk bor (innbyggere per km² land)", "proxy: følger befolkningen"),
    "tettsted_dreiende": (
        "innbyggere i tettsteder som etter R5 krever minst dreiende vakt (tett bebyggelse, brannsmitte)",
        "proxy: følger befolkningen",
    ),
    "tettsted_dagkasernert": (
        "innbyggere i tettsteder som etter R5 krever kasernert vakt",
        "proxy: følger befolkningen",
    ),
    "tettsted_dognkasernert": (
        "innbyggere i tettsteder som krever døgnkasernert vakt",
        "proxy: følger befolkningen",
    ),
    "utrykninger_per_1000": (
        "hvor ofte brannvesenet rykker ut",
        "proxy så lenge det er estimat (landstall × innbyggere)",
    ),
    "sykehus": ("sykehus, der R1 krever 10 minutters innsatstid", "faktisk (helseforetakene)"),
    "tunneler": (
        "km vegtunnel på 3 km eller mer eller under sjøen (røyk, lang innsats, ofte ett løp)",
        "faktisk (NVDB; kortere tunneler er ikke med)",
    ),
    "flyplasser": ("lufthavner med rutetrafikk (flyulykke)", "faktisk (Avinor)"),
    "risikoobjekter": (
        "tilsyn med særskilte brannobjekter per år",
        "proxy: estimat (landstall fordelt etter innbyggere)",
    ),
    "areal": ("hvor stort område som skal dekkes", "faktisk (SSB)"),
    "andel_over_r1": ("andel innbyggere med anslått innsatstid over grensen i R1", "modell"),
    "andel_over_r2": ("andel innbyggere med anslått innsatstid over grensen i R2", "modell"),
    "andel_over_r3": ("andel innbyggere med anslått innsatstid over grensen i R3", "modell"),
}


def about_table(weights: dict[str, float], estimated: pd.Series) -> pd.DataFrame:
    """Per indicator: what it measures, what kind of figure it is, and its weight now. `estimated`
    (per indicator: any value still an estimate) tells whether an estimated proxy has become a
    real figure by import."""
    share = normalised_weights(weights)
    rows = []
    for name, (label, _) in INDICATORS.items():
        measures, kind = ABOUT[name]
        if "estimat" in kind and not bool(estimated.get(name, True)):
            kind = "faktisk (importert av brannvesenene)"
        rows.append(
            {
                "Indikator": label,
                "Måler": measures,
                "Type": kind,
                "Vekt nå": fmt.percent(float(share.get(name, 0.0)), 0),
            }
        )
    return pd.DataFrame(rows)


WORDS = scoring.Vocabulary(unknown="Ukjent indikator", at_least_one="én indikator")


def normalised_weights(weights: dict[str, float]) -> pd.Series:
    """Weights as shares of 1; refuses what would make the index meaningless."""
    return scoring.shares(weights, INDICATORS, WORDS)


def scale(values: pd.DataFrame) -> pd.DataFrame:
    """Each column to 0–1 (log for sizes, then min–max over the municipalities)."""
    out = values.astype(float).copy()
    for column in out.columns:
        if column in LOG_SCALE:
            out[column] = np.log1p(out[column].clip(lower=0))
    low, high = out.min(), out.max()
    span = (high - low).replace(0, np.nan)
    return ((out - low) / span).fillna(0.0)


def contributions(values: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """Per municipality and indicator: points of the 0–100 index (rows sum to the index)."""
    share = normalised_weights(weights)
    share = share[share > 0]  # an indicator left out is not scaled, nor shown
    return scoring.weighted(scale(values[share.index]), share, factor=100)


def classify(index: pd.Series) -> pd.Series:
    bounds = [c[0] for c in CLASSES[1:]]
    labels = [c[1] for c in CLASSES]
    return pd.Series(
        np.array(labels)[np.searchsorted(bounds, index.to_numpy(), side="right")], index=index.index
    )


def ranking(values: pd.DataFrame, weights: dict[str, float], names: pd.Series) -> pd.DataFrame:
    """Municipalities sorted by index, with class, rank and each indicator's contribution."""
    parts = contributions(values, weights)
    out = scoring.ranked(parts, names.reindex(parts.index), label="kommunenavn", score="indeks")
    out.insert(3, "klasse", classify(out["indeks"]))
    return out


# How far each weight may move when the ranking's robustness is tested: from half to twice
# its value, each independently (log-uniform), with the same seed every time.
RANGE_FACTOR = 2.0
RANGE_SAMPLES = 400


def rank_ranges(
    values: pd.DataFrame, weights: dict[str, float], samples: int = RANGE_SAMPLES, seed: int = 7
) -> pd.DataFrame:
    """Per municipality the best and worst rank when every weight in use moves between half and
    twice its value: how much of a rank is the weights' choice rather than the data's."""
    share = normalised_weights(weights)
    share = share[share > 0]
    scaled = scale(values[share.index]).to_numpy()
    rng = np.random.default_rng(seed)
    factors = np.exp(rng.uniform(-np.log(RANGE_FACTOR), np.log(RANGE_FACTOR), (samples, len(share))))
    draws = factors * share.to_numpy()
    draws /= draws.sum(axis=1, keepdims=True)
    scores = scaled @ draws.T  # municipalities × samples
    ranks = (-scores).argsort(axis=0).argsort(axis=0) + 1
    return pd.DataFrame({"beste": ranks.min(axis=1), "verste": ranks.max(axis=1)}, index=values.index)


def formula_text(weights: dict[str, float]) -> str:
    """The index in plain Norwegian, with the weights as shown on the sliders."""
    share = normalised_weights(weights)
    terms = [f"{fmt.percent(w, 0)} × {INDICATORS[name][0].lower()}" for name, w in share.items() if w > 0]
    bounds = ", ".join(f"{label} fra {low}" for low, label in CLASSES)
    return (
        "Risikoindeks (0–100) = " + " + ".join(terms) + ". Hver indikator er skalert til 0–1 mellom "
        "regionens laveste og høyeste verdi (størrelser på log-skala). Klasser: " + bounds + "."
    )


def ranking_table(table: pd.DataFrame, ranges: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ranking with Norwegian headers (contributions in index points) and, where `ranges`
    (`rank_ranges`) is given, the ranks the municipality takes as the weights move."""
    parts = {c: f"Bidrag: {INDICATORS[c][0].lower()}" for c in table.columns if c in INDICATORS}
    out = table.rename(
        columns={"rang": "Rang", "kommunenavn": "Kommune", "indeks": "Risikoindeks", "klasse": "Klasse"}
    )
    out = out.rename(columns=parts).round(1)
    out.insert(1, "Kommunenummer", out.index)
    if ranges is not None:
        span = ranges.reindex(out.index)
        out.insert(
            2,
            "Rang med vektene ½–2×",
            [f"{b}–{w}" if b != w else str(b) for b, w in zip(span["beste"], span["verste"], strict=True)],
        )
    return out.reset_index(drop=True)


def compare_to_median(values: pd.DataFrame, kommunenummer: str) -> pd.DataFrame:
    """One municipality's indicators next to the region's median."""
    rows = [
        {
            "Indikator": INDICATORS[c][0],
            "Kommunen": values.loc[kommunenummer, c],
            "Regionens median": values[c].median(),
            "Enhet": INDICATORS[c][1],
        }
        for c in INDICATORS
        if c in values.columns
    ]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Shading:
    """How the map colours the municipalities: a 0–1 value each, the text shown on hover, and
    the legend's two ends."""

    scaled: pd.Series
    text: pd.Series
    low: str
    high: str


def shading(table: pd.DataFrame, values: pd.DataFrame, column: str) -> Shading:
    """Colour by the index (0–100, with its class) or by one indicator (scaled as in the index,
    so a size reads on the same log scale the index uses)."""
    if column == "indeks":
        text = (
            table["indeks"].map(lambda v: f"Risikoindeks {fmt.number(v, 1)}") + " (" + table["klasse"] + ")"
        )
        return Shading(table["indeks"] / 100, text, "0", "100")
    label = INDICATORS[column][0]
    return Shading(
        scale(values[[column]])[column],
        values[column].map(lambda v: f"{label}: {fmt.number(v, 2)}"),
        fmt.number(values[column].min(), 1),
        fmt.number(values[column].max(), 1),
    )
