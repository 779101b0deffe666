import subprocess
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from cli import brannsam_cli

from brannsam import scoring
from brannsam.alternatives import store as alternatives_store
from brannsam.funding import allocation, budget, options, store


@pytest.fixture
def inputs(con):
    return store.drivers(con)


def test_amounts_add_up_exactly_to_the_budget(inputs):
    drivers, _, _ = inputs
    for total in (0, 1, 39, 25_000_001, 123_456_789):
        amounts = allocation.whole_kroner(
            total, allocation.shares(drivers, {"fast": 1, "innbyggere": 2, "risiko": 1})
        )
        assert amounts.sum() == total
        assert amounts.dtype == np.int64


def test_all_weight_on_fast_gives_equal_shares(inputs):
    drivers, _, _ = inputs
    amounts = allocation.whole_kroner(4_000_000, allocation.shares(drivers, {"fast": 1}))
    assert set(amounts) == {100_000}


def test_all_weight_on_inhabitants_is_proportional_to_population(inputs):
    drivers, kommuner, _ = inputs
    share = allocation.shares(drivers, {"innbyggere": 5})
    expected = kommuner.set_index("kommunenummer")["innbyggere"] / kommuner["innbyggere"].sum()
    assert np.allclose(share, expected.reindex(share.index))


@pytest.mark.parametrize("driver", ["innbyggere", "risiko", "utrykninger", "areal", "stasjoner"])
def test_raising_a_municipalitys_driver_never_lowers_its_share(inputs, driver):
    drivers, _, _ = inputs
    key = {"fast": 1, "innbyggere": 2, "risiko": 1, "utrykninger": 1, "areal": 1, "stasjoner": 1}
    before = allocation.shares(drivers, key)
    for nr in drivers.index[::5]:
        raised = drivers.copy()
        raised.loc[nr, driver] = raised.loc[nr, driver] * 2 + 1
        assert allocation.shares(raised, key)[nr] >= before[nr]


def test_remainder_is_deterministic_and_ties_go_by_number():
    share = pd.Series([1, 1, 1], index=["5003", "5001", "5002"], dtype=float)
    amounts = allocation.whole_kroner(100, share)
    assert amounts.to_dict() == {"5003": 33, "5001": 34, "5002": 33}


@pytest.mark.parametrize(
    ("weights", "message"),
    [({"fast": 0}, "summerer til null"), ({"fast": -1, "areal": 2}, "negative"), ({"vind": 1}, "Ukjent")],
)
def test_bad_keys_are_refused_with_a_message(weights, message):
    with pytest.raises(scoring.WeightError, match=message):
        allocation.normalised(weights)


def test_each_block_can_have_its_own_key(inputs):
    drivers, _, _ = inputs
    blocks = pd.Series({"ledelse": 1_000_000, "beredskap": 3_000_000})
    out = allocation.allocate(blocks, drivers, {"alle": {"fast": 1}, "beredskap": {"areal": 1}})
    assert np.allclose(out["ledelse"], 1_000_000 / 40)
    assert out["beredskap"].idxmax() == drivers["areal"].idxmax()
    assert out["belop_kr"].sum() == 4_000_000


def test_yearly_cost_includes_the_annuity_of_investments():
    lines = budget.legacy_lines().iloc[[5]]
    # 5 000 000 over 20 years at 4 % = 367 909 kr/year, plus 500 000 operating cost
    assert budget.yearly_cost(lines).iloc[0] == 867_909
    zero_rate = lines.assign(rente=0.0)
    assert budget.yearly_cost(zero_rate).iloc[0] == 500_000 + 250_000


def test_budget_validation_names_the_line():
    lines = budget.legacy_lines()
    lines.loc[1, "arsverk"] = -2
    lines.loc[2, "blokk"] = "kantine"
    problems = budget.validate(lines)
    assert any("Overordnet vakt" in p and "negativ" in p for p in problems)
    assert any("kantine" in p for p in problems)


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    return brannsam_cli("allocate", *args, BRANNSAM_DB=str(db))


def test_cli_allocation_contract(built_db):
    result = run_cli(
        "--budget", "25000000", "--weights", "fast=1,innbyggere=3", "--format", "csv", db=built_db
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "kommunenummer,kommunenavn,andel,belop_kr"
    frame = pd.read_csv(pd.io.common.StringIO(result.stdout), dtype={"kommunenummer": str})
    assert len(frame) == 40
    assert frame["belop_kr"].sum() == 25_000_000
    assert frame["andel"].sum() == pytest.approx(1, abs=1e-9)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--budget", "25mill", "--weights", "fast=1"], "helt antall kroner"),
        (["--budget", "100", "--weights", "vind=1"], "Ukjent fordelingsgrunnlag"),
        (["--budget", "100", "--weights", "fast=-1,innbyggere=1"], "negative"),
        (["--budget", "100", "--weights", "fast=0,innbyggere=0"], "summerer til null"),
        (["--budget", "100", "--weights", "fast=mye"], "ikke et tall"),
        (["--budget", "100", "--weights", "fast=nan"], "endelig tall"),
        (["--budget", "100", "--weights", "fast=inf"], "endelig tall"),
        (["--budget", "100", "--weights", "fast=1e400"], "endelig tall"),
        (["--budget", "²⁵", "--weights", "fast=1"], "sifrene 0–9"),
        (["--budget", "123456789012345678901", "--weights", "fast=1"], "høyst 1\u00a0000\u00a0000"),
        (["--budget", str(2**63 - 1), "--weights", "fast=1"], "kan ikke fordeles nøyaktig"),
        (["--budget", "100", "--weights", "fast=1,fast=2"], "oppgitt to ganger"),
    ],
)
def test_cli_rejects_bad_input_with_exit_2(built_db, args, message):
    result = run_cli(*args, db=built_db)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_largest_allowed_budget_still_adds_up_to_the_krone(built_db):
    con = duckdb.connect(str(built_db), read_only=True)
    drivers, _, _ = store.drivers(con)
    con.close()
    amounts = allocation.whole_kroner(
        allocation.MAX_TOTAL_KR, allocation.shares(drivers, {"innbyggere": 1, "fast": 1})
    )
    assert int(amounts.sum()) == allocation.MAX_TOTAL_KR
    with pytest.raises(allocation.FundingKeyError):
        allocation.whole_kroner(allocation.MAX_TOTAL_KR + 1, allocation.shares(drivers, {"fast": 1}))


def test_the_assumption_note_follows_the_lines_it_describes():
    """One home for each number: the note is built from the lines and the shared assumptions."""
    lines = budget.legacy_lines()
    lines.loc[lines["blokk"] == "ledelse", "erstatter_mengde"] = 5
    note = budget.assumption_note(lines)
    assert "(5 lederårsverk" in note and "1\u00a0000\u00a0000\u00a0kr" in note
    assert "750\u00a0000\u00a0kr" in note


def test_the_assumption_note_names_what_b_replaces_not_the_old_default(con):
    """B replaces 5 prevention årsverk and 1 in training, and each service's rota: the note said
    «3 lederårsverk … 4 forebyggende» from lines B does not have."""
    b = next(o for o in alternatives_store.default_options(con)[0] if o["id"] == "B")
    note = budget.assumption_note(options.lines(b))
    assert "5 forebyggende årsverk" in note and "1 årsverk i felles tjenester" in note
    assert "lederårsverk" not in note and "overordnet vakt" in note
