"""Estimates against the figures we know: the table, its target, and the CLI contract."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from cli import brannsam_cli

from brannsam.estimates import kontroll


def table(con) -> pd.DataFrame:
    return con.execute("SELECT * FROM kontroll").df()


def test_at_least_ten_comparisons_and_three_quarters_within_a_factor_of_one_and_a_half(con):
    result = kontroll.summary(table(con))
    assert result["sammenligninger"] >= 10
    assert result["andel"] >= kontroll.TARGET_SHARE


def test_calibration_figures_are_shown_but_not_counted(con):
    rows = table(con)
    calibrated = rows[rows["kalibrert"]]
    assert set(calibrated["gjelder"]) <= {"fylke:50", "landet"}
    assert kontroll.summary(rows)["sammenligninger"] == int(
        (rows["estimat"].notna() & ~rows["kalibrert"]).sum()
    )


def test_every_estimate_outside_the_factor_says_why(con):
    rows = table(con)
    outside = rows[rows["innenfor"].eq(False)]
    assert len(outside) and (outside["forklaring"].str.len() > 20).all()


def test_the_worst_comparison_comes_first(con):
    rows = table(con).dropna(subset=["avvik_faktor"])
    assert rows["avvik_faktor"].is_monotonic_decreasing
    assert rows["avvik_faktor"].iloc[0] > rows["avvik_faktor"].iloc[-1]


def test_cli_contract(built_db):
    result = brannsam_cli("kontroll", "--format", "csv", BRANNSAM_DB=str(built_db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "gjelder,navn,storrelse,aar,kjent,estimat,forhold"
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert len(frame) >= 10
    assert (frame["forhold"] - frame["estimat"] / frame["kjent"]).abs().max() < 1e-3


@pytest.mark.parametrize("args", [["--format", "pdf"], ["--ukjent"]])
def test_cli_bad_arguments_exit_2_in_norwegian(built_db, args):
    result = brannsam_cli("kontroll", *args, BRANNSAM_DB=str(built_db))
    assert result.returncode == 2
    assert "Feil:" in result.stderr and "Traceback" not in result.stderr
