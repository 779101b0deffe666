"""What each municipality pays for the cooperation compared with today, year by year of the
økonomiplan: its contribution, the local cost the cooperation takes over (avoided cost), and
the net change between them. The region's net change is the cooperation's saving or extra cost.

Per year: the budget lines grow by the price and wage rate, the year's one-off transition costs
are added, each block is split by its key, and a municipality's own extras («tilvalg») are
added to its contribution alone. The avoided cost follows each line's replacement: a service's
own rota, or local årsverk taken from the services in proportion to their årsverk of the block;
within a service it is shared by inhabitants. The phase-in cap then limits how much a
municipality's net change may rise (cap × today's cost, more each year of the phase-in); what is
held back is carried by the others, so every year still adds up to its budget.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from brannsam.funding import allocation, avoided, budget, calendar, phasein

if TYPE_CHECKING:
    from brannsam.funding.settings import OneOff, Settings

HEADER = [
    "kommunenummer",
    "kommunenavn",
    "aar",
    "innbyggere",
    "bidrag_kr",
    "unngatt_kr",
    "netto_endring_kr",
    "netto_per_innbygger_kr",
    "lav_kr",
    "hoy_kr",
    "dagens_kr",
]


class ConsequenceError(ValueError):
    """Settings the model cannot evaluate for this region (a local extra or a left-out municipality
    that is not one of its municipalities, or nobody left to join)."""


@dataclass(frozen=True)
class Inputs:
    """The region as the funding model sees it."""

    drivers: pd.DataFrame  # per kommunenummer, one column per funding driver
    kommuner: pd.DataFrame  # kommunenummer, kommunenavn, innbyggere, brannvesen_id
    today_kr: pd.Series  # net 338+339 today per kommunenummer, at `today_year` prices
    today_year: int
    local: pd.DataFrame  # per brannvesen_id: arsverk_ledelse, arsverk_forebyggende, arsverk_beredskap
    estimated: bool  # whether today's cost or the local staffing rest on estimates
    population_year: int = 0  # the year of the inhabitants (SSB, 1 January)

    @cached_property
    def services(self) -> avoided.Services:
        """How a cost per service reaches the municipalities (the same for every setting)."""
        return avoided.Services.of(self)


@dataclass
class Result:
    table: pd.DataFrame  # one row per member municipality and year (HEADER columns and more)
    budgets: pd.Series  # total per year
    blocks: pd.Series  # first year's budget per block (without one-offs)
    capped: bool  # whether the cap held every year
    fell_back: list[str]
    outside: list[OneOff] = field(default_factory=list)  # one-offs dated outside the plan years
    left_out: list[str] = field(default_factory=list)  # municipalities that do not join
    # per member and year before the start: preparation costs (kommunenummer, aar, belop_kr)
    preparation: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["kommunenummer", "aar", "belop_kr"])
    )
    region_range: pd.DataFrame | None = None  # per year: the region's net change low and high


def avoided_split(settings: Settings, inputs: Inputs) -> pd.DataFrame:
    """Per member and plan year, the avoided cost of `evaluate`'s table in its parts: the duty
    rota that ends (`vaktordning_kr`) and the local årsverk taken out per block (`<block>_kr`),
    in whole kroner that add up to the table's `unngatt_kr` exactly. A council's draft decision
    names these parts, so they must be the very figure its table counts."""
    members = members_of(settings, inputs)
    lines = budget.with_defaults(settings.lines())
    held = avoided.held_mask(settings, inputs, members)
    at = pd.Index(inputs.kommuner["kommunenummer"]).get_indexer(members)
    rota, _ = inputs.services.avoided(lines)
    rota = np.where(held | avoided.rota_kept_mask(settings, inputs, members), 0.0, rota[at])
    staff = {
        block: np.where(held, 0.0, inputs.services.avoided(lines[lines["blokk"] == block])[1][at])
        for block in budget.BLOCKS
    }
    rows = []
    for step, year in enumerate(calendar.plan_years(settings)):
        growth = calendar.year_growth(settings, step)
        share = calendar.realised(settings, step)
        parts = pd.DataFrame(
            {"vaktordning_kr": rota * growth} | {f"{b}_kr": v * share * growth for b, v in staff.items()},
            index=members,
        )
        total = (rota + sum(staff.values()) * share) * growth
        # The table rounds the total; the parts add up to it.
        whole = pd.DataFrame(
            _whole_parts(parts.to_numpy(), total.round()),
            index=members.rename("kommunenummer"),
            columns=parts.columns,
        )
        whole.insert(0, "aar", year)
        whole["unngatt_kr"] = total.round().astype("int64")
        rows.append(whole.reset_index())
    return pd.concat(rows, ignore_index=True)


def preparation(settings: Settings, shares: dict[str, pd.Series], index: pd.Index) -> pd.DataFrame:
    """Preparation costs (one-offs dated in the year before the start) per member and year, split
    by the keys like any block: they come before the økonomiplan's first year, so a council grants
    them on their own."""
    rows = []
    for year in calendar.preparation_years(settings):
        blocks = pd.Series(calendar.one_offs_by_block(settings.engang or [], year), index=list(budget.BLOCKS))
        if blocks.sum() > 0:
            split = allocation.split(blocks.round().astype("int64"), shares)["belop_kr"].reindex(index)
            rows.append(pd.DataFrame({"kommunenummer": index, "aar": year, "belop_kr": split.to_numpy()}))
    if not rows:
        return pd.DataFrame(columns=["kommunenummer", "aar", "belop_kr"])
    return pd.concat(rows, ignore_index=True)


def members_of(settings: Settings, inputs: Inputs) -> pd.Index:
    """The municipalities that join: all but those the settings leave out (each must exist)."""
    index = pd.Index(inputs.kommuner["kommunenummer"], name="kommunenummer")
    unknown = [nr for nr in settings.uten if nr not in index]
    if unknown:
        raise ConsequenceError(f"Kommunenummer {unknown[0]} er ikke en av kommunene i regionen.")
    members = index.difference(pd.Index(settings.uten), sort=False)
    if members.empty:
        raise ConsequenceError("Minst én kommune må være med i samarbeidet.")
    return members


def _keys(settings: Settings) -> tuple[dict[str, dict[str, float]], list[str]]:
    """The keys as applied, and the blocks whose weights were all zero (split equally)."""
    keys, fell_back = {}, []
    for block, weights in settings.nokler.items():
        keys[block], fallback = allocation.effective_key(weights)
        if fallback:
            fell_back.append(block)
    return keys, fell_back


def _extras(settings: Settings, kommuner: pd.DataFrame, members: pd.Index) -> pd.Series:
    """Each member's local extras per year, first-year kroner (a left-out municipality has none)."""
    extras = pd.Series(0.0, index=members)
    for row in settings.tilvalg:
        if row["kommunenummer"] not in kommuner.index:
            raise ConsequenceError(
                f"Tilvalget «{row.get('post', '')}» gjelder ukjent kommune {row['kommunenummer']}."
            )
        if row["kommunenummer"] in extras.index:
            extras[row["kommunenummer"]] += float(row["belop_kr"])
    return extras


@dataclass
class _Plan:
    """Every variant of one setting (its lines and one-offs; the range corners scale them) over
    the members and plan years, as arrays: row `step * members + i` is member i in plan year
    `step`. The members, keys, extras, today's cost and the cap are the setting's own, so one
    pass prices the central figures and the four corners together."""

    index: pd.Index
    names: np.ndarray
    pop: np.ndarray
    years: list[int]
    today: np.ndarray  # per row, today's cost at that year's prices
    bidrag: np.ndarray  # per variant and row, whole kroner
    unngatt: np.ndarray
    budgets: list[dict[int, int]]  # per variant, each year's total
    capped: list[bool]  # per variant, whether the cap held every year
    member_share: float
    lines: pd.DataFrame  # the setting's own lines (the first variant's)
    blocks: pd.Series  # the setting's first-year budget per block (without one-offs)

    def table(self, variant: int = 0) -> pd.DataFrame:
        """One variant as the per member and year table."""
        steps = len(self.years)
        netto = self.bidrag[variant] - self.unngatt[variant]
        pop = np.tile(self.pop, steps)
        table = pd.DataFrame(
            {
                "kommunenummer": np.tile(self.index.to_numpy(), steps),
                "kommunenavn": np.tile(self.names, steps),
                "aar": np.repeat(np.array(self.years, dtype="int64"), len(self.index)),
                "innbyggere": pop,
                "bidrag_kr": self.bidrag[variant],
                "unngatt_kr": self.unngatt[variant],
                "netto_endring_kr": netto,
                "dagens_kr": self.today.round().astype("int64"),
            }
        )
        table["netto_per_innbygger_kr"] = (netto / pop).round().astype("int64")
        return table


@dataclass(frozen=True)
class Priced:
    """Each variant (`(lines, one-offs)`) of a setting priced before any key splits it: the
    blocks' running and capital costs and the avoided cost per municipality. The keys and the cap
    change none of it, so a weight slider's move reuses it (`before_keys`)."""

    index: pd.Index  # the members
    member_share: float
    lines: pd.DataFrame  # the setting's own lines (the first variant's)
    one_offs: list[list[dict]]
    running: list[np.ndarray]  # per variant, per block
    capital: list[np.ndarray]
    rota: list[np.ndarray]  # per variant, per member
    staff: list[np.ndarray]


def before_keys(settings: Settings):
    """The settings as the pricing sees them: the keys and the phase-in cap at their defaults.
    Two settings with the same `before_keys` share their `Priced` and their Shapley reference.
    The defaults come from the fields themselves: a whole default `Settings` would build the
    default budget lines on every slider move, only to drop them."""
    declared = {f.name: f for f in fields(settings)}

    def default(name: str) -> Any:
        declared_field = declared[name]
        if declared_field.default is not MISSING:
            return declared_field.default
        factory = declared_field.default_factory
        return factory() if callable(factory) else None

    return replace(
        settings,
        nokler=default("nokler"),
        innfasing_aar=default("innfasing_aar"),
        innfasing_tak=default("innfasing_tak"),
    )


def price(settings: Settings, inputs: Inputs, variants: list | None = None) -> Priced:
    """`settings`' variants (the setting's own lines and one-offs first) priced over its members."""
    index = members_of(settings, inputs)
    variants = variants or [(settings.lines(), settings.engang)]
    pop_all = inputs.kommuner.set_index("kommunenummer")["innbyggere"]
    member_share = float(pop_all.reindex(index).sum() / pop_all.sum())
    at = pd.Index(inputs.kommuner["kommunenummer"]).get_indexer(index)
    held = avoided.held_mask(settings, inputs, index)
    kept = held | avoided.rota_kept_mask(settings, inputs, index)
    parts = [[part.to_numpy() for part in budget.block_parts(lines, member_share)] for lines, _ in variants]
    taken_over = [
        [
            np.where(no, 0.0, part[at])
            for part, no in zip(inputs.services.avoided(lines), (kept, held), strict=True)
        ]
        for lines, _ in variants
    ]
    return Priced(
        index,
        member_share,
        variants[0][0],
        [one_offs for _, one_offs in variants],
        [running for running, _ in parts],
        [capital for _, capital in parts],
        [rota for rota, _ in taken_over],
        [staff for _, staff in taken_over],
    )


def _plan(settings: Settings, inputs: Inputs, shares: dict, priced: Priced) -> _Plan:
    """Contributions and avoided costs for each priced variant of `settings`.

    Per year: the blocks at that year's prices plus its one-offs, split by the keys into whole
    kroner, the members' extras added, the phase-in cap applied; the avoided cost is the lines'
    local cost, the årsverk part as far as it is realised."""
    index = priced.index
    kommuner = inputs.kommuner.set_index("kommunenummer")
    pop = kommuner["innbyggere"].reindex(index).to_numpy()
    names = index.astype(str).to_numpy()
    extras = _extras(settings, kommuner, index).to_numpy()
    blocks = list(budget.BLOCKS)
    key_shares = np.column_stack([shares[b].reindex(index).to_numpy() for b in blocks])
    today_now = inputs.today_kr.reindex(index).fillna(0.0).to_numpy(dtype=float)
    years = calendar.plan_years(settings)
    today = np.concatenate([today_now * (1 + settings.vekst) ** (y - inputs.today_year) for y in years])
    variants = len(priced.running)
    bidrag = np.zeros((variants, len(years) * len(index)), dtype="int64")
    unngatt = np.zeros_like(bidrag)
    all_budgets, all_capped = [], []
    for v in range(variants):
        running, capital = priced.running[v], priced.capital[v]
        rota, staff = priced.rota[v], priced.staff[v]
        budgets, capped = {}, True
        for step, year in enumerate(years):
            rows = slice(step * len(index), (step + 1) * len(index))
            growth = calendar.year_growth(settings, step)
            year_kr = (running * growth + capital).round() + calendar.one_offs_by_block(
                priced.one_offs[v], year
            )
            blocks_kr = year_kr.round().astype("int64")
            extras_kr = (extras * growth).round().astype("int64")
            blocks_total = int(blocks_kr.sum())
            combined = (key_shares * blocks_kr).sum(axis=1)
            split = combined / blocks_total if blocks_total else combined  # nothing to split
            desired = (allocation.whole_kroner_array(blocks_total, split, names) + extras_kr).astype(float)
            avoided_kr = (rota + staff * calendar.realised(settings, step)) * growth
            total = blocks_total + int(extras_kr.sum())
            if settings.innfasing_tak > 0 and step < settings.innfasing_aar:
                room = settings.innfasing_tak * (step + 1) * today[rows]
                fitted = phasein.fit(desired, np.zeros(len(desired)), avoided_kr + room, total)
                capped = capped and bool(abs(fitted.sum() - total) < 1)
                bidrag[v, rows] = allocation.whole_kroner_array(total, fitted, names)
            else:
                bidrag[v, rows] = allocation.whole_kroner_array(total, desired, names)
            unngatt[v, rows] = avoided_kr.round().astype("int64")
            budgets[year] = total
        all_budgets.append(budgets)
        all_capped.append(capped)
    return _Plan(
        index,
        kommuner["kommunenavn"].reindex(index).to_numpy(),
        pop,
        years,
        today,
        bidrag,
        unngatt,
        all_budgets,
        all_capped,
        priced.member_share,
        priced.lines,
        pd.Series(
            (priced.running[0] + priced.capital[0]).round().astype("int64"),
            index=pd.Index(blocks, name="blokk"),
        ),
    )


def shares_for(settings: Settings, inputs: Inputs, index: pd.Index) -> dict:
    """Each block's split over the members (`index`), as the settings' keys give it."""
    keys, _ = _keys(settings)
    return allocation.block_shares(inputs.drivers.reindex(index), keys, budget.BLOCKS)


def plan(settings: Settings, inputs: Inputs, priced: Priced | None = None) -> tuple[_Plan, dict]:
    """`settings` and its priced variants (its own lines only where `priced` is not given) split
    by the keys in one pass, and the keys' shares they were split by. `priced` must be
    `price(before_keys(settings), …)`'s or `price(settings, …)`'s."""
    priced = priced or price(settings, inputs)
    shares = shares_for(settings, inputs, priced.index)
    return _plan(settings, inputs, shares, priced), shares


def result_of(
    settings: Settings, inputs: Inputs, planned: _Plan, shares: dict, table: pd.DataFrame
) -> Result:
    """The central figures of a priced and split setting with `table` (its own, or with ranges added)."""
    _, fell_back = _keys(settings)
    return Result(
        table,
        pd.Series(planned.budgets[0], name="budsjett_kr"),
        planned.blocks,
        planned.capped[0],
        fell_back,
        outside=calendar.outside_plan(settings),
        preparation=preparation(settings, shares, planned.index),
        left_out=[nr for nr in inputs.kommuner["kommunenummer"] if nr not in planned.index],
    )


def evaluate(settings: Settings, inputs: Inputs) -> Result:
    """Contribution, avoided cost and net change per member municipality for each plan year."""
    planned, shares = plan(settings, inputs)
    return result_of(settings, inputs, planned, shares, planned.table())


def _whole_parts(parts: np.ndarray, total: np.ndarray) -> np.ndarray:
    """`parts` (rows × parts) as whole kroner whose rows add up to the whole `total` exactly: the
    part with the largest rounding remainder takes the difference."""
    whole = parts.round()
    residual = total - whole.sum(axis=1)
    whole[np.arange(len(parts)), np.abs(parts - whole).argmax(axis=1)] += residual
    return whole.astype("int64")


def contribution_split(settings: Settings, inputs: Inputs) -> pd.DataFrame:
    """Per member and plan year, `evaluate`'s contribution in the parts a budget books apart:
    running cost (`drift_kr`, the members' own extras included), one-off transition costs
    (`engang_kr`) and capital cost (`kapital_kr`, the investments' annuities), in whole kroner
    adding up to `bidrag_kr`. A member's part of each is its key share of the blocks' parts; where
    the phase-in cap moved its contribution, the parts move with it in proportion."""
    priced = price(settings, inputs)
    planned, shares = plan(settings, inputs, priced)
    index, blocks = planned.index, list(budget.BLOCKS)
    key_shares = np.column_stack([shares[b].reindex(index).to_numpy() for b in blocks])
    extras = _extras(settings, inputs.kommuner.set_index("kommunenummer"), index).to_numpy()
    table = planned.table()
    rows = []
    for step, year in enumerate(planned.years):
        growth = calendar.year_growth(settings, step)
        one_off = calendar.one_offs_by_block(settings.engang or [], year)
        parts = np.column_stack(
            [
                key_shares @ (priced.running[0] * growth) + extras * growth,
                key_shares @ one_off,
                key_shares @ priced.capital[0],
            ]
        )
        paid = table.loc[table["aar"] == year, "bidrag_kr"].to_numpy(dtype=float)
        wanted = parts.sum(axis=1)
        scale = np.divide(paid, wanted, out=np.ones_like(paid), where=wanted != 0)
        whole = _whole_parts(parts * scale[:, None], paid)
        rows.append(
            pd.DataFrame(
                {
                    "kommunenummer": index.to_numpy(),
                    "aar": year,
                    "drift_kr": whole[:, 0],
                    "engang_kr": whole[:, 1],
                    "kapital_kr": whole[:, 2],
                    "bidrag_kr": paid.astype("int64"),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def region_summary(table: pd.DataFrame, region_range: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per year: budget, avoided cost and the region's net change (its saving or extra cost),
    with its low and high when the ranges were evaluated."""
    out = table.groupby("aar")[["bidrag_kr", "unngatt_kr", "netto_endring_kr"]].sum()
    out["netto_per_innbygger_kr"] = out["netto_endring_kr"] / table.groupby("aar")["innbyggere"].sum()
    if region_range is not None:
        out = out.join(region_range)
    return out


def fairness(table: pd.DataFrame, year: int, estimated: bool) -> dict[str, object]:
    """The figures councils ask for: the spread of contribution per inhabitant, and whether a
    municipality pays more than it does alone for the same functions (its avoided cost) — only
    an indication while the avoided costs are estimates."""
    rows = table[table["aar"] == year]
    per_capita = rows["bidrag_kr"] / rows["innbyggere"]
    more = rows["netto_endring_kr"] > 0
    return {
        "min_kr_per_innbygger": float(per_capita.min()),
        "maks_kr_per_innbygger": float(per_capita.max()),
        "forhold_maks_min": float(per_capita.max() / per_capita.min()) if per_capita.min() > 0 else np.inf,
        "betaler_mer_enn_alene": int(more.sum()),
        "alenetest_sikker": not estimated,
    }


def stand_alone_verdict(net: float, estimated: bool) -> str:
    """«ja»/«nei», or «ukjent (estimat: ja)» while the avoided cost is only an estimate."""
    answer = "ja" if net > 0 else "nei"
    return f"ukjent (estimat: {answer})" if estimated else answer


def inputs(
    drivers: pd.DataFrame, kommuner: pd.DataFrame, costs: pd.DataFrame, staffing: pd.DataFrame
) -> Inputs:
    """The funding inputs, with the services' local årsverk (`staffing` by brannvesen_id)."""
    staffing = staffing.set_index("brannvesen_id")
    local = pd.DataFrame(
        {
            "arsverk_ledelse": staffing["arsverk_ledelse"],
            "arsverk_forebyggende": staffing["arsverk_forebyggende"].fillna(
                staffing["arsverk_forebyggende_inkl_feiing"]
            ),
            "arsverk_beredskap": staffing["arsverk_beredskap_heltid"] + staffing["arsverk_beredskap_deltid"],
        }
    ).fillna(0.0)
    today = costs.set_index("kommunenummer")["netto_kr"]
    return Inputs(
        drivers=drivers,
        kommuner=kommuner[
            ["kommunenummer", "kommunenavn", "innbyggere", "brannvesen_id"]
            + [c for c in ("brannvesen", "organisasjonsform") if c in kommuner]
        ],
        today_kr=today,
        today_year=int(costs["aar"].max()),
        local=local,
        estimated=bool(costs["estimert"].any() or staffing["estimert"].any()),
        population_year=int(kommuner["innbyggere_aar"].max()) if "innbyggere_aar" in kommuner else 0,
    )
