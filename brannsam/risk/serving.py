"""Which station serves a settlement: the one R5's duty arrangement is asked of, and the one
the staffing model staffs for it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from brannsam import geo
from brannsam.risk import coverage


def serving_station(place: pd.Series, own: pd.DataFrame) -> int | None:
    """The station (index in `own`, the municipality's stations) that serves a settlement: the
    nearest one where the settlement's point is known, else the municipality's main station
    (DSB type H), else its first station that is not a depot."""
    staffed = own[~coverage.is_depot(own)]
    if staffed.empty:
        return None
    if pd.notna(place.get("lat")) and pd.notna(place.get("lon")):
        placed = staffed.dropna(subset=["lat", "lon"])
        if not placed.empty:
            far = geo.to_km(placed["lon"].to_numpy(), placed["lat"].to_numpy()) - geo.to_km(
                np.array([place["lon"]]), np.array([place["lat"]])
            )
            return placed.index[int(np.argmin((far**2).sum(axis=1)))]
    kind = (
        staffed["dsb_stasjonstype"] if "dsb_stasjonstype" in staffed else pd.Series("", index=staffed.index)
    )
    main = staffed[kind.fillna("").eq("H")]
    return (main if not main.empty else staffed).index[0]
