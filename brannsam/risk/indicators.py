"""Risk indicators per municipality, derived from the other tables at build time.

Each indicator keeps the source and year of the figures it came from, and is flagged as an
estimate when any input was one.
"""

from __future__ import annotations

import pandas as pd

from brannsam.risk import coverage, duty

# The settlement indicators follow R5's classes (their thresholds come from the rules file).
SETTLEMENT_CLASSES = {
    "tettsted_dreiende": duty.ROTATING,
    "tettsted_dagkasernert": duty.DAYTIME,
    "tettsted_dognkasernert": duty.AROUND_THE_CLOCK,
}

# id: (Norwegian label, unit); for every indicator a higher value means more risk.
INDICATORS = {
    "innbyggere": ("Innbyggere", "innbyggere"),
    "tetthet": ("Befolkningstetthet", "innb. per km²"),
    "tettsted_dreiende": ("Innbyggere i tettsteder som krever dreiende vakt eller mer (R5)", "innbyggere"),
    "tettsted_dagkasernert": ("Innbyggere i tettsteder som krever kasernert vakt (R5)", "innbyggere"),
    "tettsted_dognkasernert": ("Innbyggere i tettsteder som krever døgnkasernert vakt (R5)", "innbyggere"),
    "utrykninger_per_1000": ("Utrykninger per 1 000 innbyggere", "per 1 000"),
    "sykehus": ("Sykehus i kommunen", "antall"),
    "tunneler": ("Lange og undersjøiske vegtunneler", "km"),
    "flyplasser": ("Lufthavner med rutetrafikk", "antall"),
    "risikoobjekter": ("Tilsyn med særskilte brannobjekter per år", "tilsyn"),
    "areal": ("Areal", "km²"),
    # The minutes of each class are R1's, R2's and R3's in regler.csv (`coverage.limits`).
    "andel_over_r1": ("Andel innbyggere utenfor innsatstiden for tett bebyggelse (R1)", "andel"),
    "andel_over_r2": ("Andel innbyggere utenfor innsatstiden for tettsteder (R2)", "andel"),
    "andel_over_r3": ("Andel innbyggere utenfor innsatstiden for øvrige områder (R3)", "andel"),
}
COVERAGE = tuple(f"andel_over_{key}" for key in coverage.CLASSES)


def lowest_size(rules: duty.DutyRules, duty_class: int) -> float:
    """The smallest settlement in a class (the rules' bounds: «over 8 000» starts just above it)."""
    first, second, third = rules.thresholds()
    return {duty.ROTATING: first, duty.DAYTIME: second + 1, duty.AROUND_THE_CLOCK: third + 1}[duty_class]


def coverage_long(shares: pd.DataFrame, assumptions: coverage.Assumptions, year: int) -> pd.DataFrame:
    """Coverage shares per municipality (from `coverage.summary`) as indicator rows."""
    kilde = f"estimat: dekningsmodell ({assumptions.describe()}); {coverage.GRID_SOURCE}"
    frames = [
        pd.DataFrame({"kommunenummer": shares.index, "indikator": name, "verdi": shares[name].to_numpy()})
        for name in COVERAGE
    ]
    return pd.concat(frames, ignore_index=True).assign(aar=year, kilde=kilde, estimert=True)


def settlement_thresholds(rules: duty.DutyRules) -> dict[str, float]:
    """The smallest settlement counted by each settlement indicator (R5's classes)."""
    return {name: lowest_size(rules, duty_class) for name, duty_class in SETTLEMENT_CLASSES.items()}


def compute(
    base: pd.DataFrame,
    settlement_rows: list[pd.DataFrame],
    coverage_shares: pd.DataFrame,
    assumptions: coverage.Assumptions,
) -> pd.DataFrame:
    """All indicators in long form: kommunenummer, indikator, verdi, aar, kilde, estimert. `base`
    and `settlement_rows` are the indicators the database gives directly (`queries.indicator_base`,
    `queries.settlement_population` per class); the coverage shares are the model's."""
    return pd.concat(
        [base, *settlement_rows, coverage_long(coverage_shares, assumptions, 2024)], ignore_index=True
    )


def wide(long: pd.DataFrame) -> pd.DataFrame:
    """One row per municipality, one column per indicator."""
    return long.pivot(index="kommunenummer", columns="indikator", values="verdi")


def with_coverage(values: pd.DataFrame, shares: pd.DataFrame) -> pd.DataFrame:
    """The wide indicator table with coverage shares replaced by a live what-if computation."""
    out = values.copy()
    for name in COVERAGE:
        out[name] = shares[name].reindex(out.index).fillna(1.0)
    return out


def sources_table(long: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: what it is, its sources, years, and whether any value is an estimate."""
    grouped = long.groupby("indikator").agg(
        aar=("aar", lambda s: "–".join(sorted({str(min(s)), str(max(s))}))),
        kilde=("kilde", lambda s: "; ".join(sorted(set(s)))),
        estimert=("estimert", "any"),
    )
    return pd.DataFrame(
        {
            "Indikator": [INDICATORS[i][0] for i in grouped.index],
            "Enhet": [INDICATORS[i][1] for i in grouped.index],
            "År": grouped["aar"].to_numpy(),
            "Estimat": grouped["estimert"].map({True: "ja", False: "nei"}).to_numpy(),
            "Kilde": grouped["kilde"].to_numpy(),
        },
        index=grouped.index,
    )


def labelled(values: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """Wide table with Norwegian headers, one row per municipality (for display and export)."""
    out = values[[c for c in INDICATORS if c in values.columns]].copy()
    for name in COVERAGE:
        if name in out:
            out[name] = (out[name] * 100).round(1)
    out = out.round(2).rename(
        columns={k: v[0] + (" (%)" if k in COVERAGE else "") for k, v in INDICATORS.items()}
    )
    out.insert(0, "Kommune", names.reindex(out.index))
    out.insert(0, "Kommunenummer", out.index)
    return out.reset_index(drop=True)
