"""Funding scenarios: the settings of the funding page as plain data, stored in DuckDB by name,
and packed into one URL parameter so that a copied link reproduces them on another laptop."""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import zlib
from dataclasses import asdict, dataclass, field

import duckdb
import pandas as pd

from brannsam import budget, dataversion, funding, phasein
from brannsam import formatting as fmt

# The ranges of the page's sliders: a link or a stored scenario outside them is refused.
MAX_WEIGHT = 10.0
MAX_PHASE_IN_YEARS = 10
MAX_CAP = 0.5


class ScenarioError(ValueError):
    """A scenario that cannot be saved or loaded, with the reason in Norwegian."""


class ScenarioExists(ScenarioError):
    """Saving would replace a scenario someone saved before: the caller must confirm."""


def _number(value: object, what: str, low: float, high: float, problems: list[str]) -> float | None:
    """A finite number within [low, high], or a problem in Norwegian (JSON can carry null,
    lists, strings, NaN and infinities)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        problems.append(f"{what}: «{value}» er ikke et tall.")
        return None
    if not low <= value <= high:
        problems.append(f"{what}: {value} er utenfor {fmt.plain(low)}–{fmt.plain(high)}.")
        return None
    return value


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
    def from_dict(cls, data: object) -> Settings:
        """Checked settings from a link or the database: what is missing takes its default
        (older scenarios), anything out of range or of the wrong type is refused."""
        if not isinstance(data, dict):
            raise ScenarioError("Oppsettet er ikke et gyldig scenario.")
        default = cls()
        problems: list[str] = []
        lines = data.get("budsjett", default.budsjett)
        if not isinstance(lines, list) or not all(isinstance(r, dict) for r in lines):
            problems.append("Budsjettet må være en liste med budsjettposter.")
            lines = default.budsjett
        else:
            problems += budget.validate(pd.DataFrame(lines, columns=list(budget.COLUMNS)))
        raw_keys = data.get("nokler", default.nokler)
        nokler: dict[str, dict[str, float]] = {}
        if not isinstance(raw_keys, dict) or not all(isinstance(k, dict) for k in raw_keys.values()):
            problems.append("Fordelingsnøklene må være vekter per blokk.")
        else:
            for block, key in raw_keys.items():
                if block != "alle" and block not in budget.BLOCKS:
                    continue
                nokler[block] = {
                    d: w
                    for d, v in key.items()
                    if d in funding.DRIVERS
                    and (w := _number(v, f"Vekt «{funding.DRIVERS[d]}»", 0, MAX_WEIGHT, problems)) is not None
                }
        grunnlag = data.get("grunnlag", default.grunnlag)
        if grunnlag not in funding.BASELINES:
            problems.append(f"Ukjent sammenligningsgrunnlag «{grunnlag}».")
        years = _number(
            data.get("innfasing_aar", default.innfasing_aar),
            "Innfasing (år)",
            1,
            MAX_PHASE_IN_YEARS,
            problems,
        )
        if years is not None and not float(years).is_integer():
            problems.append(f"Innfasing (år): {years} er ikke et helt antall år.")
        cap = _number(
            data.get("innfasing_tak", default.innfasing_tak), "Maks endring per år", 0, MAX_CAP, problems
        )
        if problems:
            raise ScenarioError("Oppsettet kan ikke brukes: " + " ".join(problems[:5]))
        return cls(
            budsjett=list(lines),
            nokler=nokler if "alle" in nokler else default.nokler,
            grunnlag=grunnlag,
            innfasing_aar=int(years),
            innfasing_tak=float(cap),
        )


# A link holds a few kilobytes of settings; more than this is not a scenario (zip-bomb guard).
MAX_LINK_CHARS = 20_000
MAX_DECODED_BYTES = 200_000


def encode(settings: Settings) -> str:
    raw = json.dumps(settings.to_dict(), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def decode(text: str) -> Settings:
    invalid = ScenarioError("Lenken inneholder ikke et gyldig scenario.")
    if len(text) > MAX_LINK_CHARS:
        raise invalid
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), MAX_DECODED_BYTES)
        if inflater.unconsumed_tail:
            raise invalid
        data = json.loads(raw)
    except (ValueError, zlib.error) as err:
        raise invalid from err
    return Settings.from_dict(data)


MAX_NAME = 80
# Names the comparison table uses for its own columns.
RESERVED_NAMES = {"kommune", "kommunenummer"}


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ScenarioError("Gi scenarioet et navn.")
    if len(name) > MAX_NAME:
        raise ScenarioError(f"Navnet kan ha høyst {MAX_NAME} tegn.")
    if name.lower() in RESERVED_NAMES:
        raise ScenarioError(f"«{name}» brukes som kolonnenavn i sammenligningen; velg et annet navn.")
    return name


def save(con: duckdb.DuckDBPyConnection, name: str, settings: Settings, overwrite: bool = False) -> str:
    """Create the scenario `name`; replacing an existing one needs `overwrite`, and the old
    version is kept in the archive. Returns the name as stored."""
    name = _check_name(name)
    stored = json.dumps(settings.to_dict(), ensure_ascii=False)
    now = dt.datetime.now()
    with dataversion.transaction(con):
        old = con.execute("SELECT innstillinger FROM scenario WHERE navn = ?", [name]).fetchall()
        if old and not overwrite:
            raise ScenarioExists(
                f"Et scenario heter allerede «{name}». Bekreft at du vil overskrive det (den gamle "
                "versjonen tas vare på), eller velg et annet navn."
            )
        if old:
            archive(con, "scenario", name, old[0][0])
        con.execute(
            """
            INSERT INTO scenario VALUES (?, ?, ?, ?)
            ON CONFLICT (navn) DO UPDATE SET endret = excluded.endret, innstillinger = excluded.innstillinger
            """,
            [name, now, now, stored],
        )
    return name


def archive(con: duckdb.DuckDBPyConnection, kind: str, name: str, content: str) -> None:
    """Keep an overwritten or deleted version (inside the caller's transaction)."""
    con.execute("INSERT INTO arkiv VALUES (?, ?, ?, ?)", [kind, name, dt.datetime.now(), content])


def exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT 1 FROM scenario WHERE navn = ?", [" ".join(name.split())]).fetchall())


def names(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT navn FROM scenario ORDER BY endret DESC, navn").fetchall()]


def load(con: duckdb.DuckDBPyConnection, name: str) -> Settings:
    rows = con.execute("SELECT innstillinger FROM scenario WHERE navn = ?", [name]).fetchall()
    if not rows:
        raise ScenarioError(f"Fant ikke scenarioet «{name}» (kanskje slettet av noen andre).")
    return Settings.from_dict(json.loads(rows[0][0]))


def delete(con: duckdb.DuckDBPyConnection, name: str) -> None:
    with dataversion.transaction(con):
        old = con.execute("SELECT innstillinger FROM scenario WHERE navn = ?", [name]).fetchall()
        if old:
            archive(con, "scenario", name, old[0][0])
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
