"""Funding scenarios: the settings of the funding page as plain data, stored in DuckDB by name,
and packed into one URL parameter so that a copied link reproduces them on another laptop."""

from __future__ import annotations

import base64
import datetime as dt
import json
import zlib
from dataclasses import asdict, dataclass, field

import duckdb
import pandas as pd

from brannsam import budget, funding, phasein


@dataclass
class Settings:
    budsjett: list[dict] = field(default_factory=lambda: budget.default_lines().to_dict(orient="records"))
    nokler: dict[str, dict[str, float]] = field(default_factory=lambda: {"alle": dict(funding.DEFAULT_KEY)})
    grunnlag: str = "innbyggere"
    innfasing_aar: int = 3
    innfasing_tak: float = 0.10

    def lines(self) -> pd.DataFrame:
        return pd.DataFrame(self.budsjett, columns=list(budget.COLUMNS))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Settings:
        """Tolerant of older or partial settings: what is missing takes its default."""
        default = cls()
        nokler = {
            block: {k: float(v) for k, v in key.items() if k in funding.DRIVERS}
            for block, key in (data.get("nokler") or default.nokler).items()
            if block == "alle" or block in budget.BLOCKS
        }
        return cls(
            budsjett=list(data.get("budsjett") or default.budsjett),
            nokler=nokler if "alle" in nokler else default.nokler,
            grunnlag=data.get("grunnlag") if data.get("grunnlag") in funding.BASELINES else default.grunnlag,
            innfasing_aar=int(data.get("innfasing_aar", default.innfasing_aar)),
            innfasing_tak=float(data.get("innfasing_tak", default.innfasing_tak)),
        )


class ScenarioError(ValueError):
    """A scenario that cannot be saved or loaded, with the reason in Norwegian."""


def encode(settings: Settings) -> str:
    raw = json.dumps(settings.to_dict(), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def decode(text: str) -> Settings:
    try:
        raw = zlib.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        return Settings.from_dict(json.loads(raw))
    except (ValueError, zlib.error) as err:
        raise ScenarioError("Lenken inneholder ikke et gyldig scenario.") from err


MAX_NAME = 80


def save(con: duckdb.DuckDBPyConnection, name: str, settings: Settings) -> None:
    """Create or replace the scenario `name`."""
    name = name.strip()
    if not name:
        raise ScenarioError("Gi scenarioet et navn.")
    if len(name) > MAX_NAME:
        raise ScenarioError(f"Navnet kan ha høyst {MAX_NAME} tegn.")
    now = dt.datetime.now()
    con.execute(
        """
        INSERT INTO scenario VALUES (?, ?, ?, ?)
        ON CONFLICT (navn) DO UPDATE SET endret = excluded.endret, innstillinger = excluded.innstillinger
        """,
        [name, now, now, json.dumps(settings.to_dict(), ensure_ascii=False)],
    )


def names(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT navn FROM scenario ORDER BY endret DESC, navn").fetchall()]


def load(con: duckdb.DuckDBPyConnection, name: str) -> Settings:
    rows = con.execute("SELECT innstillinger FROM scenario WHERE navn = ?", [name]).fetchall()
    if not rows:
        raise ScenarioError(f"Fant ikke scenarioet «{name}».")
    return Settings.from_dict(json.loads(rows[0][0]))


def delete(con: duckdb.DuckDBPyConnection, name: str) -> None:
    con.execute("DELETE FROM scenario WHERE navn = ?", [name])


@dataclass
class Result:
    blocks: pd.Series
    table: pd.DataFrame
    plan: pd.DataFrame
    fell_back: list[str]


def evaluate(
    settings: Settings, drivers: pd.DataFrame, kommuner: pd.DataFrame, costs: pd.DataFrame
) -> Result:
    """Budget -> allocation per municipality -> comparison with the baseline -> phase-in."""
    blocks = budget.by_block(settings.lines())
    keys, fell_back = {}, []
    for block, weights in settings.nokler.items():
        keys[block], fallback = funding.effective_key(weights)
        if fallback:
            fell_back.append(block)
    allocation = funding.allocate(blocks, drivers, keys)
    total = int(blocks.sum())
    base = funding.baseline(settings.grunnlag, total, kommuner, costs)
    table = funding.comparison(allocation, base, kommuner)
    plan = phasein.plan(base, allocation["belop_kr"], settings.innfasing_aar, settings.innfasing_tak)
    return Result(blocks, table, plan, fell_back)


def compare(
    named: dict[str, Settings], drivers: pd.DataFrame, kommuner: pd.DataFrame, costs: pd.DataFrame
) -> pd.DataFrame:
    """Kroner per municipality (rows) for each scenario (columns)."""
    columns = {name: evaluate(s, drivers, kommuner, costs).table["belop_kr"] for name, s in named.items()}
    out = pd.DataFrame(columns)
    out.insert(0, "Kommune", kommuner.set_index("kommunenummer")["kommunenavn"].reindex(out.index))
    return out
