"""`python -m brannsam allocate`: the allocation as a stable, scriptable contract."""

from __future__ import annotations

import io

import pandas as pd

from brannsam import funding

HEADER = ["kommunenummer", "kommunenavn", "andel", "belop_kr"]


class UsageError(ValueError):
    """Bad arguments, explained in Norwegian (exit code 2)."""


def parse_budget(text: str) -> int:
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace("_", "")
    if not cleaned.isdigit():
        raise UsageError(f"Budsjettet må være et helt antall kroner, ikke «{text}».")
    return int(cleaned)


def parse_weights(text: str) -> dict[str, float]:
    weights = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        if not sep:
            raise UsageError(f"«{part}» skal ha formen NAVN=VEKT, for eksempel innbyggere=3.")
        try:
            weights[name.strip()] = float(value.replace(",", "."))
        except ValueError:
            raise UsageError(f"Vekten for «{name.strip()}» er ikke et tall: «{value}».") from None
    if not weights:
        raise UsageError("Oppgi minst én vekt, for eksempel --weights fast=1,innbyggere=3.")
    try:
        funding.normalised(weights)
    except funding.FundingKeyError as err:
        raise UsageError(str(err)) from None
    return weights


def table(con, budget_kr: int, weights: dict[str, float]) -> pd.DataFrame:
    driver_table, kommuner, _ = funding.drivers_from_db(con)
    try:
        share = funding.shares(driver_table, weights)
    except funding.FundingKeyError as err:
        raise UsageError(str(err)) from None
    amounts = funding.whole_kroner(budget_kr, share)
    names = kommuner.set_index("kommunenummer")["kommunenavn"]
    return pd.DataFrame(
        {
            "kommunenummer": amounts.index,
            "kommunenavn": names.reindex(amounts.index).to_numpy(),
            "andel": (amounts / budget_kr if budget_kr else share).to_numpy(),
            "belop_kr": amounts.to_numpy(),
        }
    )


def render(frame: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, float_format="%.12f", lineterminator="\n")
        return buffer.getvalue()
    return frame.to_string(index=False, formatters={"andel": "{:.4%}".format}) + "\n"
