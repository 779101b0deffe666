"""What a workshop round's answers add up to, read for the wall, the facilitator, /samarbeid and
the command line: how many have answered, the answers as assessors' scores, and the results per
area or alternative (the rules of what may be shown are in `rounds`)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from brannsam.cooperation import model as cooperation
from brannsam.data import queries
from brannsam.workshop import rounds
from brannsam.workshop.rounds import ALTERNATIVES, AREAS, subject
from brannsam.workshop.store import info, item_names


def area_progress(con: duckdb.DuckDBPyConnection, code: str, area: str) -> dict[str, int]:
    """How many of those in the round have scored `area` on every criterion: «X av Y har svart»."""
    round_ = info(con, code)
    answered_, joined = con.execute(
        """
        SELECT
            (SELECT count(*) FROM (
                SELECT navn FROM verksted_svar WHERE kode = $1 AND omrade_id = $2
                GROUP BY navn HAVING count(*) >= $3)),
            (SELECT count(*) FROM verksted_deltaker WHERE kode = $1)
        """,
        [round_["kode"], area, len(round_["kriterier"])],
    ).fetchall()[0]
    return {"svart": answered_, "deltakere": joined}


def progress(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, int]:
    """How many have joined, and how many have scored every area."""
    round_ = info(con, code)
    joined = con.execute(
        "SELECT count(*) FROM verksted_deltaker WHERE kode = ?", [round_["kode"]]
    ).fetchall()[0][0]
    full = len(round_["omrader"]) * len(round_["kriterier"])
    finished = con.execute(
        """
        SELECT count(*) FROM (
            SELECT navn FROM verksted_svar WHERE kode = ? GROUP BY navn HAVING count(*) >= ?
        )
        """,
        [round_["kode"], full],
    ).fetchall()[0][0]
    return {"deltakere": joined, "ferdige": finished, "omrader": len(round_["omrader"])}


def scores(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """The round's answers as assessors' scores (vurderer, omrade_id, kriterium, poeng, kilde);
    in an anonymous round the names are replaced by numbers (`queries.WORKSHOP_ASSESSOR`, the
    same numbers /samarbeid shows)."""
    return _answers(con, info(con, code)["kode"])


def _answers(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """`scores` for a round already looked up (`code` as stored)."""
    return con.execute(
        f"""
        SELECT {queries.WORKSHOP_ASSESSOR} AS vurderer, s.omrade_id, s.kriterium, s.poeng,
               'verksted «' || r.navn || '»' AS kilde
        FROM verksted_svar s JOIN verksted_runde r USING (kode)
        WHERE s.kode = ?
        ORDER BY vurderer, s.omrade_id, s.kriterium
        """,
        [code],
    ).df()


def results(
    con: duckdb.DuckDBPyConnection, code: str, weights: dict[str, float] | None = None
) -> pd.DataFrame:
    """Per area of the round: participants who scored it, the weighted median score, the spread
    (mean of highest minus lowest per criterion: 0 = everyone agrees) and the rank. A round that
    scores the alternatives: `rounds.alternative_results`."""
    round_ = info(con, code)
    answers = _answers(con, round_["kode"])
    if subject(round_) == ALTERNATIVES:
        return rounds.alternative_results(answers, round_, item_names(con, ALTERNATIVES))
    areas = round_["omrader"]
    median, spread, count = cooperation.combine(answers, areas)
    weights = weights or dict.fromkeys(round_["kriterier"], 1.0)
    weights = {c: (w if c in round_["kriterier"] else 0.0) for c, w in weights.items()}
    names = item_names(con, AREAS)
    out = pd.DataFrame({"omrade_id": areas, "navn": [names[a] for a in areas]}).set_index("omrade_id")
    out["deltakere"] = count.reindex(areas).fillna(0).astype(int)
    out["spredning"] = spread[round_["kriterier"]].mean(axis=1).reindex(areas)
    if answers.empty:
        out["median"], out["rang"] = np.nan, pd.NA
        return out.reset_index()
    ranked = cooperation.ranking(
        median[round_["kriterier"]].reindex(columns=list(cooperation.CRITERIA)), weights, names
    )
    out["median"] = ranked["poeng"].reindex(areas)
    out["rang"] = ranked["rang"].reindex(areas).astype("Int64")
    return out.reset_index().sort_values(["rang", "navn"], na_position="last")


def matrix(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """Value against feasibility per area of the round (shown after the reveal); in an
    anonymous round an area with fewer than `rounds.MIN_SHOWN` answers is not a point."""
    round_ = info(con, code)
    answers = _answers(con, round_["kode"])
    if round_["anonym"] and len(answers):
        counts = answers.groupby("omrade_id")["vurderer"].nunique()
        answers = answers[answers["omrade_id"].map(counts) >= rounds.MIN_SHOWN]
    median, _, _ = cooperation.combine(answers, round_["omrader"])
    names = item_names(con, AREAS)
    return cooperation.value_feasibility(median, pd.DataFrame(columns=["omrade_id", "gevinst_kr"]), names)
