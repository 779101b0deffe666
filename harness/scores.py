"""Synthetic working-group scores for tests and benchmarks: deterministic, never a real assessment."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from brannsam.cooperation import model as cooperation
from brannsam.cooperation import store


def score_every_area(
    con: duckdb.DuckDBPyConnection,
    assessors: list[str],
    seed: int,
    fixed: dict[tuple[str, str], int] | None = None,
) -> None:
    """Each assessor scores every area 1–5 on every criterion (random with `seed`); `fixed` sets
    chosen (area, criterion) cells for every assessor, so a test can rely on them."""
    areas = dict(con.execute("SELECT omrade_id, navn FROM samarbeidsomrade").fetchall())
    rng = np.random.default_rng(seed)
    for assessor in assessors:
        grid = pd.DataFrame(
            rng.integers(1, 6, size=(len(areas), len(cooperation.CRITERIA))),
            index=list(areas),
            columns=list(cooperation.CRITERIA),
        )
        for (area, criterion), value in (fixed or {}).items():
            grid.loc[area, criterion] = value
        store.save(con, assessor, grid.astype(float), areas)
