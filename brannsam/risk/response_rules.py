"""The response-time rules (R1 tett bebyggelse, R2 tettsteder, R3 øvrige områder): which places
each rule is judged at, the minutes the model gives there, and how sure that is. `checks` holds
the other rules and runs these with them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from brannsam import formatting as fmt
from brannsam.risk import duty
from brannsam.risk.context import Context
from brannsam.risk.verdicts import IKKE_OPPFYLT, IKKE_RELEVANT, OPPFYLT, UKJENT, Verdict, within

# What a guessed settlement size is, said wherever the guess is shown (no published figure: half
# the municipality's inhabitants taken to live in its centre).
GUESS_BASIS = "halvparten av kommunens innbyggere, ikke et publisert tall"


COVERAGE_SOURCE = (
    "estimat: responstidsmodellen (kjøring over land og med ferje, antatt fart, omveisfaktor og "
    "utrykningstid)"
)
SETTLEMENT_SOURCE = "SSB tettstedstall (publiserte tall, med år); DSB brannstasjonsregister (kasernering)"


def _response(ctx: Context, service: str, limit: float, places: pd.DataFrame, none_text: str) -> Verdict:
    """Places (navn, minutter) within `limit` minutes; a place without a known point is named and
    not judged."""
    if places.empty:
        return Verdict(IKKE_RELEVANT, none_text, SETTLEMENT_SOURCE)
    unplaced = places[places["minutter"].isna()]
    places = places[places["minutter"].notna()]
    not_judged = (
        f"; uten kjent plassering, ikke vurdert: {', '.join(unplaced['navn'])}" if len(unplaced) else ""
    )
    if places.empty:
        return Verdict(UKJENT, "ingen av stedene har kjent plassering" + not_judged, SETTLEMENT_SOURCE)
    ok = places["minutter"].map(lambda m: within(m, limit))
    late = ", ".join(places.loc[~ok, "navn"])
    minutes = fmt.plain(limit)
    hint = f"{OPPFYLT if ok.all() else IKKE_OPPFYLT} ({ok.sum()} av {len(ok)} steder innen {minutes} min"
    hint += f"; utenfor: {late})" if late else ")"
    return Verdict(
        UKJENT, f"{ok.sum()} av {len(ok)} innen {minutes} min (estimat){not_judged}", COVERAGE_SOURCE, hint
    )


NURSING_HOMES = "sykehjem: plassering mangler i kildene, ikke vurdert"


def dense_settlements(ctx: Context, service: str) -> pd.DataFrame:
    """R1's «konsentrert/tett bebyggelse» as Brannsam reads it: settlements from R5's first size
    class (a confirmed size, never a guess) and the places the project leader lists in
    tett_bebyggelse.csv (dense wooden centres below the size), with why each is counted."""
    places = ctx.of(ctx.settlements, service)
    sizes = duty.judged_sizes(places)
    by_size = places[sizes >= ctx.duty.rotating_from].assign(
        hvorfor=lambda d: "minst " + fmt.number(ctx.duty.rotating_from) + " innbyggere"
    )
    listed = ctx.dense.rename(columns={"tettsted": "navn"})
    listed = places.merge(listed[["navn", "kommunenummer", "begrunnelse"]], on=["navn", "kommunenummer"])
    listed = listed.rename(columns={"begrunnelse": "hvorfor"})
    both = pd.concat([by_size, listed[~listed["navn"].isin(by_size["navn"])]], ignore_index=True)
    return both[["navn", "kommunenummer", "innbyggere", "minutter", "hvorfor"]]


def _tested(places: pd.DataFrame) -> str:
    """«vurdert på 3 steder: Trondheim 6 min, …»: every place R1 was judged at (`slag`: tettsted
    or sykehus), so a fire chief sees that a town is one point and a hospital its building."""

    def minutes(m: float) -> str:
        return f"{fmt.number(m)} min" if np.isfinite(m) else "ikke nådd i modellen"

    listed = ", ".join(
        f"{name} {minutes(m)}" for name, m in zip(places["navn"], places["minutter"], strict=True)
    )
    how = {
        "tettsted": "et tettsted vurderes i ett punkt, ikke over hele arealet",
        "sykehus": "et sykehus ved bygningen",
    }
    said = "; ".join(text for kind, text in how.items() if (places["slag"] == kind).any())
    return f"vurdert på {len(places)} {'sted' if len(places) == 1 else 'steder'}: {listed} ({said})"


def r1(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """R1 over the dense settlements (`dense_settlements`) and the hospitals; the nursing homes
    have no known point, and the verdict says so. A guessed settlement that would count if its
    size were confirmed is named."""
    hospitals = ctx.of(ctx.institutions, service)
    dense = dense_settlements(ctx, service)
    places = pd.concat(
        [
            dense[["navn", "minutter"]].assign(slag="tettsted"),
            hospitals[["navn", "minutter"]].assign(slag="sykehus"),
        ],
        ignore_index=True,
    )
    verdict = _response(ctx, service, bounds[0], places, "ingen tett bebyggelse eller sykehus")
    tested = places[places["minutter"].notna()]
    if len(tested):
        verdict = Verdict(
            verdict.vurdering,
            f"{verdict.verdi}; {_tested(tested)}",
            verdict.kilde,
            verdict.estimatet_tilsier,
        )
    # R1's size reading starts at R5's first class: the guesses that would enter a higher class.
    guessed = duty.guesses_that_matter(ctx.of(ctx.settlements, service), ctx.duty)
    extra = "".join(
        f"; {name} ({fmt.number(n)}, anslått som {GUESS_BASIS}) ville telt om tallet bekreftes"
        for name, n in zip(guessed["navn"], guessed["innbyggere"], strict=True)
    )
    listed = ctx.of(ctx.dense, service)
    if len(listed):
        extra += "; tett bebyggelse etter prosjektets liste: " + ", ".join(
            f"{n} ({why})" for n, why in zip(listed["tettsted"], listed["begrunnelse"], strict=True)
        )
    # Every municipality has a nursing home, so R1 always applies, even without a dense settlement.
    kind = UKJENT if verdict.vurdering == IKKE_RELEVANT else verdict.vurdering
    return Verdict(kind, f"{verdict.verdi}{extra}; {NURSING_HOMES}", verdict.kilde, verdict.estimatet_tilsier)


def r2(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    places = ctx.of(ctx.settlements, service)
    return _response(ctx, service, bounds[0], places[["navn", "minutter"]], "ingen tettsteder")


# R3 is judged on where people are beyond the limit, not on one modelled person: the model's
# minutes are uncertain by about this much (speed, detour and turnout are assumptions) ...
R3_MARGIN_MIN = 5.0
# ... and fewer modelled inhabitants than this beyond it are within the spread of the
# scattered population (about one grid cell's worth in a rural municipality; assumption).
R3_FEW = 25


NOT_REACHED = (
    "ikke nådd over land i modellen (øy uten vei eller ferje, eller avskåret av de forenklede grensene)"
)


def _beyond_by_place(ctx: Context, late: pd.DataFrame) -> str:
    """«Tydal 95 (til 38 min)»: where the people beyond the limit (`late`, the points beyond it)
    are, per municipality, with the longest time; islands with no road or ferry in the model are
    named as not reached."""
    late = late[late["innbyggere"] > 0]
    names = ctx.kommuner.set_index("kommunenummer")["kommunenavn"]
    parts = []
    for nr, rows in late.groupby("kommunenummer"):
        reached = rows[np.isfinite(rows["minutter"])]
        people = rows["innbyggere"].sum()
        if people < 1:
            continue
        unreached = rows.loc[~np.isfinite(rows["minutter"]), "innbyggere"].sum()
        text = f"{names.get(nr, nr)} {fmt.number(people)}"
        if people - unreached >= 1:
            text += f" (til {fmt.number(reached['minutter'].max())} min)"
        if unreached >= 1:
            text += f", {'herav ' if people - unreached >= 1 else ''}{fmt.number(unreached)} {NOT_REACHED}"
        parts.append((people, text))
    return "; ".join(t for _, t in sorted(parts, reverse=True))


def r3(ctx: Context, service: str, bounds: tuple[float, ...]) -> Verdict:
    """Inhabitants beyond the limit, said by place (municipality, longest time) and judged with
    the model's uncertainty: «oppfylt» when fewer than R3_FEW are beyond it under both spreads
    of the scattered population, «ikke oppfylt» when at least that many are beyond it even with
    R3_MARGIN_MIN minutes to spare, otherwise «usikkert»."""
    limit = fmt.plain(bounds[0])
    points = ctx.of(ctx.points, service)
    late = ~points["minutter"].map(lambda m: within(m, bounds[0]))
    clearly_late = ~points["minutter"].map(lambda m: within(m, bounds[0] + R3_MARGIN_MIN))
    beyond = points.loc[late, "innbyggere"].sum()
    beyond_even = points.loc[late, "innbyggere_jevn"].sum() if "innbyggere_jevn" in points else beyond
    share = beyond / points["innbyggere"].sum()
    if max(beyond, beyond_even) < R3_FEW:
        met = OPPFYLT
    elif points.loc[clearly_late, "innbyggere"].sum() >= R3_FEW:
        met = IKKE_OPPFYLT
    else:
        met = "usikkert"
    where = _beyond_by_place(ctx, points[late])
    hint = f"{met} ({fmt.percent(share)} av innbyggerne over {limit} min"
    hint += f"; {where})" if where else ")"
    return Verdict(
        UKJENT,
        f"{fmt.number(beyond)} innbyggere over {limit} min (estimat; jevnt fordelt: "
        f"{fmt.number(beyond_even)})",
        COVERAGE_SOURCE,
        hint,
    )
