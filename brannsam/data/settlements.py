"""Which settlements (tettsteder) the model knows, and how big they are.

Two source files give SSB's settlement populations: `tettsteder.csv` (the Trondheim region's
42 settlements, 2021–2022, and a few more) and `tettsteder_publiserte.csv` (figures SSB published
for the region's towns, 2013–2025, each with its year). A settlement in both is the same place
when the municipality and the first word of the name agree («Orkanger/Fannrem» and «Orkanger»);
the newer figure wins, and the row says where it came from. A published figure that includes a
listed settlement grown into it (`omfatter`: Hell in Stjørdalshalsen's 2024 figure) drops that
settlement, so its people are not counted twice. A dated figure from any year is
better than a guess: what no file gives is guessed in `estimates.py`, marked, and never placed.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pandas as pd

COLUMNS = ["tettsted", "kommunenummer", "innbyggere", "aar", "lat", "lon", "kilde"]
# Every settlement figure in the two files is SSB's; the files record where it was read.
SSB = "SSB, statistikken «Tettsteders befolkning og areal», folkemengde 1. januar {year}"
ROUTES = {
    "trondheimsregionen.no": "gjengitt av Trondheimsregionen («Ta litt tid til 42 tettsteder»)",
    "trondelagfylke.no": "gjengitt av Trøndelag fylkeskommune («Faktafredag – Tettsteder i Trøndelag»)",
}


def cited(source: str, year: int) -> str:
    """The source a user reads for a settlement's figure: SSB's statistic and its date first, the
    page the figure was read from after it, as the route (a copy of an encyclopedia is named by
    its address only, never as the source)."""
    if "SSB" not in source:
        return source
    for site, route in ROUTES.items():
        if source.startswith(site):
            return f"{SSB.format(year=year)}; {route}"
    url = re.search(r"https?://[^\s)]+", source)
    host = urlparse(url[0]).netloc if url else ""
    return f"{SSB.format(year=year)}; tallet er lest av i en kopi{f' ({host})' if host else ''}"


def key(name: str) -> str:
    """The part of a settlement's name both files agree on: its first word, lower case."""
    return re.split(r"[\s/(,]+", name.strip().lower())[0]


def merged(listed: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """The listed settlements with the published figures laid over them: a newer published
    figure replaces the listed one (and its point, where the published row has one); a published
    settlement the list lacks is added."""
    out = listed[COLUMNS].copy()
    out["_key"] = [(nr, key(name)) for nr, name in zip(out["kommunenummer"], out["tettsted"], strict=True)]
    for _, row in published.iterrows():
        match = out["_key"] == (row["kommunenummer"], key(row["tettsted"]))
        fresh = {column: row[column] for column in COLUMNS}
        if match.any():
            index = out.index[match][0]
            if int(row["aar"]) < int(out.at[index, "aar"]):
                continue
            if pd.isna(fresh["lat"]):
                fresh["lat"], fresh["lon"] = out.at[index, "lat"], out.at[index, "lon"]
            for column, value in fresh.items():
                out.at[index, column] = value
        else:
            out.loc[len(out)] = {**fresh, "_key": (row["kommunenummer"], key(row["tettsted"]))}
    absorbed = {
        (row["kommunenummer"], key(name))
        for _, row in published.iterrows()
        if isinstance(row.get("omfatter"), str)
        for name in row["omfatter"].split(";")
        if name.strip()
    }
    out = out[~out["_key"].isin(absorbed)]
    out = out.drop(columns="_key").reset_index(drop=True)
    out["innbyggere"] = out["innbyggere"].astype("Int64")
    out["aar"] = out["aar"].astype(int)
    out["kilde"] = [cited(str(source), year) for source, year in zip(out["kilde"], out["aar"], strict=True)]
    return out
