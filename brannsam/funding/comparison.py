"""Scenarios side by side: what each municipality's net change is under each saved scenario."""

from __future__ import annotations

import pandas as pd

from brannsam import formatting as fmt
from brannsam.funding import consequences, ranges
from brannsam.funding.settings import Settings


def compare(named: dict[str, Settings], inputs: consequences.Inputs, step: int = 0) -> pd.DataFrame:
    """Net change per municipality (rows) in each scenario (columns) in plan year `step` (0 = each
    scenario's first year), each with its range, the difference between the last and the first
    scenario, and a total row; a municipality a scenario leaves out has no figure there."""
    kommuner = inputs.kommuner.set_index("kommunenummer")["kommunenavn"]
    out = pd.DataFrame({"Kommune": kommuner})
    for name, settings in named.items():
        table = ranges.evaluate(settings, inputs).table
        chosen = table[table["aar"] == settings.forste_aar + step].set_index("kommunenummer")
        out[f"{name} ({settings.forste_aar + step})"] = chosen["netto_endring_kr"].reindex(out.index)
        out[f"{name}: spenn"] = [
            fmt.kroner_span(lo, hi) if pd.notna(lo) else fmt.MISSING
            for lo, hi in zip(
                chosen["lav_kr"].reindex(out.index), chosen["hoy_kr"].reindex(out.index), strict=True
            )
        ]
    figures = [c for c in out.columns if c != "Kommune" and not c.endswith(": spenn")]
    if len(figures) >= 2:
        first, last = next(iter(named)), list(named)[-1]
        out[f"Forskjell ({last} − {first})"] = out[figures[-1]] - out[figures[0]]
    total = {c: (out[c].sum() if c in figures or c.startswith("Forskjell") else "") for c in out.columns}
    total["Kommune"] = "Sum"
    return pd.concat([out.reset_index(drop=True), pd.DataFrame([total])], ignore_index=True)
