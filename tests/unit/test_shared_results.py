"""A result every session shares (`st.cache_resource`) reaches a page as its own view: a page
that changed a table would change its own copy, never what other sessions see (issue 50,
point 3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from brannsam.funding import consequences
from brannsam.risk import coverage
from brannsam.ui import shared_view


def _result() -> consequences.Result:
    table = pd.DataFrame({"kommunenummer": ["5001", "5025"], "netto_endring_kr": [100.0, -50.0]})
    return consequences.Result(table, pd.Series([50.0]), pd.Series([1.0]), True, [])


def test_a_page_that_changes_a_shared_table_changes_its_own_view_only():
    shared = _result()
    view = shared_view.page_view(shared)
    view.table.loc[0, "netto_endring_kr"] = 999.0
    view.table["ny"] = 1
    view.fell_back.append("ledelse")
    assert shared.table["netto_endring_kr"].tolist() == [100.0, -50.0]
    assert "ny" not in shared.table.columns
    assert shared.fell_back == []
    assert shared_view.page_view(shared).table.equals(shared.table)


def test_a_shared_array_refuses_to_be_written_and_identity_is_kept():
    minutes = np.array([5.0, 12.0])
    frame = pd.DataFrame()
    shared = coverage.WhatIf(frame, None, minutes, minutes, frame, pd.Series(), pd.Series(), frame)
    view = shared_view.page_view(shared)
    with pytest.raises(ValueError):
        view.minutes[0] = 0.0
    assert minutes[0] == 5.0
    assert not view.changed  # baseline and minutes are still one object in the view
