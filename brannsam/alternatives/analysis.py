"""The alternatives side by side, as a Norwegian study presents them (DFØ's guide to
socio-economic analysis): each way of cooperating against the zero alternative, priced effects
(the funding model's net change per plan year with its range, its present value, what must be
cut locally to break even, and what happens if nothing is cut) next to the non-priced effects on
the pluss-minus scale, a ranking and what would change it.

The priced effects count over an analysis period of at least ten years (`analyseperiode`), not
only the økonomiplan's four: after the plan years the last plan year's net change (savings as far
as the realisation profile has reached) is carried on in fixed prices. Investments count as their
yearly annuity, so the period carries only its own years and there is no residual value.

The non-priced effects are presented first as switching values (what an alternative's extra
effects must be worth per year for it to be preferred), then as the steering group's written
judgement. The ranking needs a rate of exchange between the two kinds of effect; the study states
it openly as what the steering group would pay per year for one point (`kr_per_poeng`), a
secondary view: each alternative's value is that rate × its points − its net cost per year (the
present value spread evenly over the analysis period). The zero alternative's value is 0.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from brannsam import formatting as fmt
from brannsam.alternatives import effects as effects_model
from brannsam.alternatives.region import Region
from brannsam.funding import avoided, budget, calendar, consequences, options, ranges
from brannsam.funding.settings import ANALYSIS_YEARS_RANGE, Settings


@dataclass(frozen=True)
class Priced:
    result: consequences.Result  # with ranges: per municipality and year
    region: pd.DataFrame  # per year: bidrag, unngått, netto, lav, høy
    npv: float  # over the analysis period
    npv_low: float
    npv_high: float
    per_year: float  # the present value spread evenly over the analysis period
    per_year_low: float
    per_year_high: float
    nothing_cut: pd.Series  # per year: the region's net change if no local årsverk is freed
    freed: float  # local årsverk the lines assume freed
    break_even: float | None  # local årsverk that must be freed for a net change of 0 in the last year
    before: float  # the preparation before the start, in first-year value


def discount_factors(settings: Settings, years: int = calendar.PLAN_YEARS) -> np.ndarray:
    """Per year from the start, to first-year prices and then to the first year's value: the
    model's figures grow with prices, the discount rate is real."""
    steps = np.arange(years)
    return 1 / ((1 + settings.vekst) * (1 + settings.kalkulasjonsrente)) ** steps


def over_period(nets: np.ndarray, settings: Settings, years: int) -> np.ndarray:
    """The plan years' nets (current prices) carried on to `years` years: after the plan, the
    last plan year's net in fixed prices (it grows with prices, as the model's figures do)."""
    plan = len(nets)
    if years <= plan:
        return nets[:years]
    later = nets[-1] * (1 + settings.vekst) ** np.arange(1, years - plan + 1)
    return np.concatenate([nets, later])


def present_value(nets: np.ndarray, before: float, settings: Settings, years: int) -> tuple[float, float]:
    """(present value, the same spread evenly per year) of a plan's nets over `years` years."""
    factors = discount_factors(settings, years)
    npv = float((over_period(np.asarray(nets, dtype=float), settings, years) * factors).sum()) + before
    return npv, npv / float(factors.sum())


def price(
    settings: Settings, option: dict, inputs: consequences.Inputs, keeps: tuple[str, ...] = ()
) -> Priced:
    """The option's cost from the funding model, with its range and the two cases a council asks
    about: the break-even and «nothing is cut». `keeps`: the services that keep their own rota
    under the option (its effects' `keeps_rota`)."""
    priced = options.settings_for(settings, option, keeps)
    result = ranges.evaluate(priced, inputs)
    region = consequences.region_summary(result.table, result.region_range)
    # Preparation a year before the start: at first-year prices, and a year's interest earlier.
    before = (
        float(result.preparation["belop_kr"].sum()) * (1 + settings.vekst) * (1 + settings.kalkulasjonsrente)
    )
    period = settings.analyseperiode
    npv, per_year = present_value(region["netto_endring_kr"].to_numpy(), before, settings, period)
    npv_low, per_year_low = present_value(region["lav_kr"].to_numpy(), before, settings, period)
    npv_high, per_year_high = present_value(region["hoy_kr"].to_numpy(), before, settings, period)
    lines = priced.lines()
    members = result.table[result.table["aar"] == settings.forste_aar]["kommunenummer"]
    rota, _ = avoided.avoided_parts(lines, inputs)
    rota = rota.where(~avoided.rota_kept_mask(priced, inputs, rota.index), 0.0)
    growth = (1 + settings.vekst) ** np.arange(len(region))
    # The region's contributions add up to its budget whatever the key or cap, so with no local
    # årsverk freed its net change is the budget less the services' own rotas.
    nothing = (region["bidrag_kr"] - (rota.reindex(members).sum() * growth).round()).astype("int64")
    staff = lines[lines["erstatter"] == "arsverk"]
    freed = float(staff["erstatter_mengde"].sum())
    return Priced(
        result=result,
        region=region,
        npv=npv,
        npv_low=npv_low,
        npv_high=npv_high,
        per_year=per_year,
        per_year_low=per_year_low,
        per_year_high=per_year_high,
        nothing_cut=nothing,
        freed=freed,
        break_even=break_even(settings, staff, freed, float(region["netto_endring_kr"].iloc[-1])),
        before=before,
    )


def break_even(settings: Settings, staff_lines: pd.DataFrame, freed: float, last_net: float) -> float | None:
    """Local årsverk to be freed for a net change of 0 in the last plan year: each årsverk more
    saves its cost at that year's prices, realised as far as the profile says (None when the
    lines free no årsverk and cost nothing, as the zero alternative)."""
    if freed == 0 and last_net == 0:
        return None
    per = float(staff_lines["kr_per_arsverk"].mean()) if len(staff_lines) else budget.KR_PER_ARSVERK_ANTAKELSE
    step = calendar.PLAN_YEARS - 1
    saved_each = per * (1 + settings.vekst) ** step * calendar.realised(settings, step)
    if saved_each <= 0:
        return None
    return max(freed + last_net / saved_each, 0.0)


@dataclass(frozen=True)
class Comparison:
    table: pd.DataFrame  # one row per alternative (see `summary_row`), not yet ranked
    priced: dict[str, Priced]
    effects: dict[str, effects_model.Effects]
    options: list[dict]
    estimated: bool  # today's cost or staffing rest on estimates
    settings: Settings  # what they were priced under (growth, rate, analysis period)
    realised_at_once: dict[str, float]  # per year over the period, every saving from the first year


@dataclass(frozen=True)
class Ranking:
    table: pd.DataFrame  # the comparison's table with `verdi_kr` and `rang`
    first: str  # the id of the alternative that ranks first
    flips: list[str]  # what would change the first place, in Norwegian


def compare(
    settings: Settings,
    opts: list[dict],
    inputs: consequences.Inputs,
    region: Region,
    measure=effects_model.evaluate,
) -> Comparison:
    """Every alternative priced and its effects measured (the ranking is `rank`'s: the rate per
    point moves it without pricing anything again). `measure(option, region, left_out)` gives an
    option's effects, which depend on the option and the members alone (a caller may cache them
    across settings)."""
    left_out = tuple(sorted(settings.uten))
    found = {o["id"]: measure(o, region, left_out) for o in opts}
    priced = {o["id"]: price(settings, o, inputs, found[o["id"]].keeps_rota) for o in opts}
    rows = [summary_row(o, priced[o["id"]], found[o["id"]], settings) for o in opts]
    return Comparison(
        table=pd.DataFrame(rows),
        priced=priced,
        effects=found,
        options=opts,
        estimated=inputs.estimated or region.staffing_estimated,
        settings=settings,
        realised_at_once={
            o["id"]: _realised_at_once(settings, o, inputs, priced[o["id"]], found[o["id"]].keeps_rota)
            for o in opts
        },
    )


def _realised_at_once(
    settings: Settings, option: dict, inputs: consequences.Inputs, priced: Priced, keeps: tuple[str, ...] = ()
) -> float:
    """The option's net cost per year over the analysis period were every saving realised from
    the first year (the realisation profile is one of the assumptions the ranking turns on)."""
    at_once = dataclasses.replace(settings, realisering=[1.0] * calendar.PLAN_YEARS)
    table = consequences.evaluate(options.settings_for(at_once, option, keeps), inputs).table
    nets = table.groupby("aar")["netto_endring_kr"].sum().to_numpy()
    return present_value(nets, priced.before, settings, settings.analyseperiode)[1]


def rank(comparison: Comparison, kr_per_point: float) -> Ranking:
    """The alternatives ranked at `kr_per_point`, and what would change the first place: the
    rate, the range corners, the analysis period and the realisation profile."""
    table = ranked(comparison.table, kr_per_point)
    first = str(table.sort_values(["rang", "per_aar_kr"]).iloc[0]["alternativ"])
    settings = comparison.settings
    ids = list(table["alternativ"])

    def over(years: int) -> list[float]:
        """Each alternative's cost per year over `years` years instead of the analysis period."""
        return [
            present_value(
                comparison.priced[i].region["netto_endring_kr"].to_numpy(),
                comparison.priced[i].before,
                settings,
                years,
            )[1]
            for i in ids
        ]

    plan, longer = calendar.PLAN_YEARS, 2 * settings.analyseperiode
    variants = {}
    if settings.analyseperiode != plan:
        variants[f"Med analyseperiode lik økonomiplanens {plan} år"] = over(plan)
    if longer <= ANALYSIS_YEARS_RANGE[1]:
        variants[f"Med analyseperiode på {longer} år"] = over(longer)
    if any(share < 1 for share in settings.realisering):
        variants["Med alle gevinster realisert fra første år"] = [comparison.realised_at_once[i] for i in ids]
    return Ranking(table=table, first=first, flips=flips(table, kr_per_point, variants))


def summary_row(option: dict, priced: Priced, found: effects_model.Effects, settings: Settings) -> dict:
    """One alternative's line in the side-by-side table."""
    region = priced.region
    changed = found.verdicts[found.verdicts["for"] != found.verdicts["etter"]]
    met = found.verdicts[found.verdicts["etter"] == "oppfylt"]
    row = {
        "alternativ": option["id"],
        "navn": option["navn"],
        "form": option["form"],
        "vertskap": option["vertskap"],
        "forste_aar_kr": float(region["netto_endring_kr"].iloc[0]),
        "siste_aar_kr": float(region["netto_endring_kr"].iloc[-1]),
        "siste_aar_lav_kr": float(region["lav_kr"].iloc[-1]),
        "siste_aar_hoy_kr": float(region["hoy_kr"].iloc[-1]),
        "per_aar_kr": priced.per_year,
        "per_aar_lav_kr": priced.per_year_low,
        "per_aar_hoy_kr": priced.per_year_high,
        "naverdi_kr": priced.npv,
        "naverdi_lav_kr": priced.npv_low,
        "naverdi_hoy_kr": priced.npv_high,
        "uten_kutt_siste_aar_kr": float(priced.nothing_cut.iloc[-1]),
        "arsverk_frigjort": priced.freed,
        "arsverk_balanse": priced.break_even,
        "arsverk_felles": float(effects_model.shared(options.lines(option)).sum()),
        "vaktordninger": len(found.rotas),
        "vaktordninger_svake": found.weak_after,
        "ov_30_min": found.reach_after[30],
        "ov_60_min": found.reach_after[60],
        "krav_endret": len(changed),
        "krav_oppfylt": len(met),
        "poeng": options.score(option),
        "vurdert": options.record_text(options.record_of(option)),
    }
    for criterion in options.CRITERIA:
        row[f"ip_{criterion}"] = option["ikke_prissatt"][criterion]
    return row


def ranked(table: pd.DataFrame, kr_per_point: float) -> pd.DataFrame:
    """Each alternative's value (rate × points − net cost per year) and its rank; equal values
    share a rank."""
    out = table.copy()
    out["verdi_kr"] = kr_per_point * out["poeng"] - out["per_aar_kr"]
    out["rang"] = out["verdi_kr"].rank(ascending=False, method="min").astype(int)
    return out


def _first(table: pd.DataFrame, rate: float, cost: str = "per_aar_kr") -> str:
    values = rate * table["poeng"] - table[cost]
    return str(table.loc[values.idxmax(), "alternativ"])


def flips(
    table: pd.DataFrame, kr_per_point: float, variants: dict[str, list[float]] | None = None
) -> list[str]:
    """What would put another alternative first: the rate per point at which the first place
    changes (the nearest below and above today's), the range corners, and each of `variants`
    (a description and each alternative's cost per year under it, in the table's order)."""
    names = dict(zip(table["alternativ"], table["navn"], strict=True))
    first = _first(table, kr_per_point)
    out = []
    for label, costs in (variants or {}).items():
        other = _first(table.assign(per_aar_kr=costs), kr_per_point)
        if other != first:
            out.append(f"{label} rangeres «{names[other]}» først.")
    crossings = set()
    points, cost = table["poeng"].to_numpy(float), table["per_aar_kr"].to_numpy(float)
    for i in range(len(table)):
        for j in range(i + 1, len(table)):
            if points[i] != points[j]:
                rate = (cost[i] - cost[j]) / (points[i] - points[j])
                if rate > 0:
                    crossings.add(float(rate))
    below = [r for r in crossings if r < kr_per_point and _first(table, r * 0.999) != first]
    above = [r for r in crossings if r > kr_per_point and _first(table, r * 1.001) != first]
    if below:
        rate = max(below)
        out.append(
            f"Under {_kr(rate)} per poeng og år rangeres «{names[_first(table, rate * 0.999)]}» først."
        )
    if above:
        rate = min(above)
        out.append(f"Over {_kr(rate)} per poeng og år rangeres «{names[_first(table, rate * 1.001)]}» først.")
    for label, column in (("lave", "per_aar_lav_kr"), ("høye", "per_aar_hoy_kr")):
        other = _first(table, kr_per_point, column)
        if other != first:
            out.append(f"Med alle kostnader i spennets {label} ende rangeres «{names[other]}» først.")
    row = table.set_index("alternativ")
    for other in table["alternativ"]:
        if other == first:
            continue
        mine = kr_per_point * row.loc[first, "poeng"] - row.loc[first, "per_aar_hoy_kr"]
        theirs = kr_per_point * row.loc[other, "poeng"] - row.loc[other, "per_aar_lav_kr"]
        if theirs > mine:
            out.append(
                f"Blir «{names[first]}» så dyrt som spennets høye ende og «{names[other]}» så billig som "
                "den lave, rangeres «" + names[other] + "» foran."
            )
    if not out:
        out.append(
            "Ingen betalingsvilje per poeng, ingen hjørne av kostnadsspennene, verken kortere eller lengre "
            "analyseperiode eller raskere gevinstrealisering endrer førsteplassen."
        )
    return out


def switching_values(table: pd.DataFrame, reference: str) -> pd.DataFrame:
    """DFØ's switching values for the non-priced effects: per alternative, how much its non-priced
    effects must be worth per year for it to be preferred to today's arrangement (its own cost
    per year; nothing when it costs less than today) and to `reference` (the difference in cost
    per year; negative: it is cheaper, so it is preferred unless its effects are worth that much
    less)."""
    ref = float(table.set_index("alternativ").loc[reference, "per_aar_kr"])
    return pd.DataFrame(
        {
            "alternativ": table["alternativ"],
            "navn": table["navn"],
            "per_aar_kr": table["per_aar_kr"],
            "mot_nullalternativet_kr": table["per_aar_kr"].clip(lower=0),
            "mot_referansen_kr": table["per_aar_kr"] - ref,
            "poeng": table["poeng"],
        }
    )


def _kr(value: float) -> str:
    return fmt.kroner(round(value, -3))
