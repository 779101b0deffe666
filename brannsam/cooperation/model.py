"""Scoring the cooperation areas: several assessors' 1–5 scores per area and criterion, combined
by the median (with the spread, so disagreement shows), weighted into a ranking, and tested for
how much the ranking depends on the weights.

Ranking score = Σ w_c × median_c ÷ Σ w_c, on the 1–5 scale. Sensitivity: weight vectors drawn
from a Dirichlet distribution centred on the chosen weights (concentration 50 by default); per
area, the share of draws in which it lands in the top 3, and its 5th–95th percentile rank.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from brannsam import scoring

CRITERIA = {
    "okonomi": "Økonomisk gevinst",
    "kvalitet": "Faglig kvalitet",
    "robusthet": "Robusthet og sårbarhet",
    "respons": "Respons og lokal tilstedeværelse",
    "gjennomforbarhet": "Gjennomførbarhet",
    "forankring": "Lokal og politisk forankring",
    "juridisk": "Juridiske forhold",
    "rekruttering": "Rekruttering av deltidspersonell",
}
# What a 5 means on each criterion (1 is the opposite): every criterion points the same way, a
# higher score is better for the cooperation.
FIVE_MEANS = {
    "okonomi": "stor innsparing",
    "kvalitet": "mye bedre fagmiljø",
    "robusthet": "mye mindre sårbar",
    "respons": "bedre respons og like god lokal tilstedeværelse",
    "gjennomforbarhet": "lett å gjennomføre",
    "forankring": "sterk lokal og politisk støtte",
    "juridisk": "ingen juridiske hindre",
    "rekruttering": "lettere å rekruttere deltidspersonell",
}
SCALE_NOTE = "1 = svært dårlig for samarbeidet, 3 = nøytralt, 5 = svært godt. Høyere er alltid bedre."
VALUE = ("okonomi", "kvalitet", "robusthet", "respons", "rekruttering")
FEASIBILITY = ("gjennomforbarhet", "forankring", "juridisk")
DEFAULT_WEIGHTS = dict.fromkeys(CRITERIA, 1.0)
MAX_ASSESSOR = 60
# Weight sets drawn for the sensitivity of the ranking.
DRAWS = 10_000
WORDS = scoring.Vocabulary(unknown="Ukjent kriterium", at_least_one="ett kriterium")


class ScoreError(ValueError):
    """Scores or weights that cannot be used, with every problem listed in Norwegian."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def validate(table: pd.DataFrame, areas: dict[str, str]) -> list[str]:
    """`table`: one row per area (index omrade_id), a column per criterion (1–5 or empty) and
    optionally `gevinst_kr`. Returns every problem, naming area and criterion."""
    problems = []
    for area, row in table.iterrows():
        name = areas.get(area, area)
        if area not in areas:
            problems.append(f"Ukjent samarbeidsområde «{area}».")
        for criterion in CRITERIA:
            value = row.get(criterion)
            if value is None or pd.isna(value):
                continue
            if not float(value).is_integer() or not 1 <= value <= 5:
                problems.append(f"{name}, {CRITERIA[criterion]}: «{value}» må være et helt tall fra 1 til 5.")
        gain = row.get("gevinst_kr")
        if gain is not None and not pd.isna(gain) and gain < 0:
            problems.append(f"{name}: forventet gevinst kan ikke være negativ.")
    return problems


class ScoresExist(ScoreError):
    """Saving would replace scores stored under the same name: the caller must confirm."""


def save_problems(assessor: str, table: pd.DataFrame, areas: dict[str, str]) -> list[str]:
    """What stops one assessor's scores from being stored (the database's own checks aside)."""
    problems = [] if assessor else ["Skriv inn hvem som vurderer (navn eller arbeidsgruppe)."]
    if len(assessor) > MAX_ASSESSOR:
        problems.append(f"Navnet på vurdereren kan ha høyst {MAX_ASSESSOR} tegn.")
    problems += validate(table, areas)
    if not table.reindex(columns=list(CRITERIA)).notna().any().any():
        problems.append("Fyll inn minst ett poeng før du lagrer.")
    return problems


def score_rows(assessor: str, table: pd.DataFrame, when: dt.datetime) -> tuple[list[tuple], list[tuple]]:
    """The rows to store: (assessor, area, criterion, score, when) and (assessor, area, gain, when)."""
    scores = [
        (assessor, area, criterion, int(row[criterion]), when)
        for area, row in table.iterrows()
        for criterion in CRITERIA
        if criterion in row and not pd.isna(row[criterion])
    ]
    gains = [
        (assessor, area, int(row["gevinst_kr"]), when)
        for area, row in table.iterrows()
        if "gevinst_kr" in row and not pd.isna(row["gevinst_kr"])
    ]
    return scores, gains


def assessor_table(
    scores: pd.DataFrame, gains: pd.DataFrame, assessor: str, areas: list[str]
) -> pd.DataFrame:
    """One assessor's scores as the editable grid (areas × criteria, plus gevinst_kr); never an
    anonymous participant's, whatever name is typed."""
    own = scores[(scores["vurderer"] == assessor) & ~scores["vurderer"].isin(hidden_assessors(scores))]
    grid = own.pivot(index="omrade_id", columns="kriterium", values="poeng") if len(own) else pd.DataFrame()
    grid = grid.reindex(index=areas, columns=list(CRITERIA)).astype("Float64")
    own_gain = gains[gains["vurderer"] == assessor].set_index("omrade_id")["gevinst_kr"]
    grid["gevinst_kr"] = own_gain.reindex(areas).astype("Float64")
    return grid


def combine(scores: pd.DataFrame, areas: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """(median, spread = max − min, number of assessors), each areas × criteria."""
    if scores.empty:
        empty = pd.DataFrame(np.nan, index=areas, columns=list(CRITERIA))
        return empty, empty.copy(), pd.Series(0, index=areas)
    grouped = scores.groupby(["omrade_id", "kriterium"])["poeng"]
    median = grouped.median().unstack().reindex(index=areas, columns=list(CRITERIA))
    spread = (grouped.max() - grouped.min()).unstack().reindex(index=areas, columns=list(CRITERIA))
    count = scores.groupby("omrade_id")["vurderer"].nunique().reindex(areas, fill_value=0)
    return median, spread, count


def normalised(weights: dict[str, float]) -> pd.Series:
    """Shares of 1 over every criterion (a criterion without a weight counts 0)."""
    return scoring.shares(weights, CRITERIA, WORDS, complete=True)


def ranking(median: pd.DataFrame, weights: dict[str, float], names: dict[str, str]) -> pd.DataFrame:
    """Areas by weighted median score; contributions per criterion add up to the score. Areas
    nobody has scored are left out; a criterion an area lacks counts as the neutral 3."""
    scored = median.dropna(how="all")
    parts = scoring.weighted(scored.fillna(3.0), normalised(weights))
    return scoring.ranked(parts, [names.get(a, a) for a in scored.index], label="navn", score="poeng")


def value_feasibility(median: pd.DataFrame, gains: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Per area: value (mean of the value criteria), feasibility (mean of the feasibility
    criteria) and the median expected gain in kroner where assessors gave one."""
    scored = median.dropna(how="all")
    gain = gains.groupby("omrade_id")["gevinst_kr"].median() if len(gains) else pd.Series(dtype=float)
    return pd.DataFrame(
        {
            "navn": [names.get(a, a) for a in scored.index],
            "verdi": scored[list(VALUE)].mean(axis=1),
            "gjennomforbarhet": scored[list(FEASIBILITY)].mean(axis=1),
            "gevinst_kr": gain.reindex(scored.index),
        },
        index=scored.index,
    )


def sensitivity(
    median: pd.DataFrame,
    weights: dict[str, float],
    draws: int = DRAWS,
    concentration: float = 50.0,
    seed: int = 2024,
) -> pd.DataFrame:
    """Per area: share of weight draws where it is in the top 3, and its rank range."""
    scored = median.dropna(how="all").fillna(3.0)
    w = normalised(weights)
    active = w[w > 0]
    rng = np.random.default_rng(seed)
    samples = rng.dirichlet(active.to_numpy() * concentration, size=draws)  # draws × criteria
    totals = samples @ scored[active.index].to_numpy().T  # draws × areas
    order = np.argsort(-totals, axis=1, kind="stable")
    ranks = np.empty_like(order)
    rows = np.arange(draws)[:, None]
    ranks[rows, order] = np.arange(1, totals.shape[1] + 1)
    return pd.DataFrame(
        {
            "andel_topp3": (ranks <= 3).mean(axis=0),
            "rang_p5": np.percentile(ranks, 5, axis=0),
            "rang_median": np.median(ranks, axis=0),
            "rang_p95": np.percentile(ranks, 95, axis=0),
        },
        index=scored.index,
    )


def swap_weight(median: pd.DataFrame, weights: dict[str, float], first: str, second: str) -> pd.DataFrame:
    """For each criterion where `second` scores higher than `first`: the weight (as a share
    after renormalising) at which `second` would draw level with `first`, others unchanged."""
    scored = median.fillna(3.0)
    w = pd.Series(weights, dtype=float).reindex(list(CRITERIA), fill_value=0.0)
    diff = scored.loc[first] - scored.loc[second]
    lead = float((w * diff).sum())
    rows = []
    for criterion in CRITERIA:
        if diff[criterion] < 0:
            extra = lead / -diff[criterion]
            new = w.copy()
            new[criterion] += extra
            rows.append(
                {
                    "kriterium": criterion,
                    "navn": CRITERIA[criterion],
                    "vekt_na": w[criterion] / w.sum(),
                    "vekt_ved_bytte": new[criterion] / new.sum(),
                }
            )
    return pd.DataFrame(rows).sort_values("vekt_ved_bytte") if rows else pd.DataFrame(rows)


EDITOR_GAIN = "Forventet gevinst (kr/år)"


def to_editor(grid: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The assessor grid with Norwegian row and column labels (the rows headed «Område»), for the
    editable table."""
    return grid.rename(index=names, columns={**CRITERIA, "gevinst_kr": EDITOR_GAIN}).rename_axis("Område")


def from_editor(edited: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Back from the editor's labels to area ids and criterion ids."""
    return (
        edited.rename(index={v: k for k, v in names.items()})
        .rename(columns={**{v: k for k, v in CRITERIA.items()}, EDITOR_GAIN: "gevinst_kr"})
        .rename_axis("omrade_id")
    )


def sensitivity_table(sens: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Norwegian headers, most robust first."""
    ranges = [f"{int(lo)}–{int(hi)}" for lo, hi in zip(sens["rang_p5"], sens["rang_p95"], strict=True)]
    out = pd.DataFrame(
        {
            "Område": [names[a] for a in sens.index],
            "Sannsynlighet topp 3 (%)": sens["andel_topp3"].to_numpy() * 100,
            "Rang (5–95 %)": ranges,
        }
    )
    return out.sort_values("Sannsynlighet topp 3 (%)", ascending=False).reset_index(drop=True)


def hidden_assessors(scores: pd.DataFrame) -> set[str]:
    """The participants of anonymous rounds: their answers count in the medians, and their
    labels cannot be used to open (or overwrite) one person's scores."""
    if "anonym" not in scores:
        return set()
    return set(scores.loc[scores["anonym"].fillna(False).astype(bool), "vurderer"])


def shown_assessors(scores: pd.DataFrame) -> list[str]:
    """The assessors whose own scores may be shown: not the participants of an anonymous round
    (their answers count in the medians only)."""
    named = scores[~scores["anonym"].fillna(False).astype(bool)] if "anonym" in scores else scores
    return sorted(named["vurderer"].unique())


def export_sheets(
    scores: pd.DataFrame,
    weights: dict[str, float],
    table: pd.DataFrame,
    sens_table: pd.DataFrame,
    names: dict,
) -> dict[str, pd.DataFrame]:
    """The sheets of the Excel download: every score that may be shown one by one (not those of an
    anonymous round), the weights, the ranking, the sensitivity."""
    share = normalised(weights)
    shown = scores[scores["vurderer"].isin(shown_assessors(scores))]
    return {
        "Poeng": pd.DataFrame(
            {
                "Vurderer": shown["vurderer"].to_numpy(),
                "Område": shown["omrade_id"].map(names).to_numpy(),
                "Kriterium": shown["kriterium"].map(CRITERIA).to_numpy(),
                "Poeng": shown["poeng"].to_numpy(),
                "Kilde": shown["kilde"].fillna("–").to_numpy(),
            }
        ),
        "Vekter": pd.DataFrame({"Kriterium": [CRITERIA[c] for c in share.index], "Vekt": share.to_numpy()}),
        "Rangering": table.rename(
            columns={"rang": "Rang", "navn": "Område", "poeng": "Poeng", **CRITERIA}
        ).reset_index(drop=True),
        "Følsomhet": sens_table,
    }


EXAMPLE_ASSESSOR = "Eksempel – ikke reelle vurderinger"


def example_grid(areas: list[str]) -> pd.DataFrame:
    """Scores that show what the page does on a fresh install, clearly not anyone's judgement
    (named EXAMPLE_ASSESSOR, removable): fixed, varied, 1–5."""
    rng = np.random.default_rng(110)
    grid = pd.DataFrame(
        rng.integers(1, 6, size=(len(areas), len(CRITERIA))), index=areas, columns=list(CRITERIA)
    )
    return grid.astype(float)
