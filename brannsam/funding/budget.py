"""Budget lines of the regional cooperation and what they cost per year.

Yearly cost of a line = årsverk × cost per årsverk + operating costs + the annuity of its
investment (over its lifetime at the interest rate) − expected savings. Lines belong to a block
(ledelse, forebyggende, beredskap, felles), and each block can have its own funding key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from typing_extensions import TypeIs

from brannsam import formatting as fmt
from brannsam.data import columns

BLOCKS = {
    "ledelse": "Ledelse og administrasjon",
    "forebyggende": "Forebyggende",
    "beredskap": "Beredskap",
    "felles": "Felles tjenester",
}
COLUMNS = {
    "post": "Budsjettpost",
    "blokk": "Blokk",
    "arsverk": "Årsverk",
    "kr_per_arsverk": "Kr per årsverk",
    "drift_kr": "Drift (kr/år)",
    "investering_kr": "Investering (kr)",
    "levetid_aar": "Levetid (år)",
    "rente": "Rente (%)",
    "besparelse_kr": "Forventet besparelse (kr/år)",
    "erstatter": "Erstatter lokalt",
    "erstatter_mengde": "Mengde som erstattes",
    "folger_medlemmer": "Følger medlemmene",
}
# What a line of the cooperation takes over from today's services: nothing; each service's own
# rota (a cost per service, e.g. its overordnet vakt); or a number of local årsverk, taken from
# the services in proportion to their årsverk of the line's block.
REPLACES = {
    "ingen": "ingenting",
    "vaktordning": "egen vaktordning i hvert brannvesen (kr per brannvesen)",
    "arsverk": "lokale årsverk (antall)",
}
# No source gives a cost per årsverk for Trøndelag's services (SSB and KOSTRA give none): an assumption.
KR_PER_ARSVERK_ANTAKELSE = 1_000_000
# A full 24/7 overordnet vakt rota of one service today: 8 760 hours of hjemmevakt counted
# about 1:6 as working time at about 570 kr an hour (1 M kr per årsverk over 1 750 hours), plus
# call-outs. An assumption (no source gives it); `avoided.rota_share` scales it per service
# by how many leaders it has to carry a rota.
VAKTORDNING_KR = 750_000
# Leaders a service needs to run a rota of its own (one week in four): with fewer, its leaders
# carry only that share of a 24/7 rota today, and only that share is freed.
ROTA_LEADERS = 4.0
ONE_OFF_YEARS = (2000, 2100)  # the years a one-off cost may be entered for (editor and check)
ONE_OFF_COLUMNS = {"post": "Engangskostnad", "blokk": "Blokk", "aar": "År", "belop_kr": "Beløp (kr)"}


def legacy_one_offs(first_year: int) -> list[dict]:
    """The transition costs older versions dated by default (preparation the year before, the
    first years after): an older scenario that stored none had these, so it keeps them."""
    return [
        {
            "post": "Forberedelse: prosjektledelse, avtaleverk og melding til DSB",
            "blokk": "felles",
            "aar": first_year - 1,
            "belop_kr": 1_000_000,
        },
        {"post": "IKT og fagsystemer: overgang", "blokk": "felles", "aar": first_year, "belop_kr": 2_000_000},
        {
            "post": "Pensjon ved virksomhetsoverdragelse",
            "blokk": "felles",
            "aar": first_year,
            "belop_kr": 1_000_000,
        },
        {
            "post": "Samordning av kjøretøy og utstyr",
            "blokk": "beredskap",
            "aar": first_year + 1,
            "belop_kr": 1_000_000,
        },
    ]


# The interest rate and a special vehicle's price and lifetime in the default lines: a fire
# engine costs about 5 M kr and lasts about 20 years (news sources); the rate is an assumption.
RENTE_ANTAKELSE = 4.0
SPESIALBIL_KR = 5_000_000
SPESIALBIL_LEVETID = 20


def _line(
    post: str,
    blokk: str,
    arsverk: float,
    drift_kr: float,
    *,
    investering_kr: float = 0,
    levetid_aar: int = 1,
    erstatter: str = "ingen",
    erstatter_mengde: float = 0,
    folger_medlemmer: bool = False,
) -> dict:
    """One default line, every column named (the cost per årsverk and the rate are the shared
    assumptions above)."""
    return {
        "post": post,
        "blokk": blokk,
        "arsverk": arsverk,
        "kr_per_arsverk": KR_PER_ARSVERK_ANTAKELSE,
        "drift_kr": drift_kr,
        "investering_kr": investering_kr,
        "levetid_aar": levetid_aar,
        "rente": RENTE_ANTAKELSE,
        "besparelse_kr": 0,
        "erstatter": erstatter,
        "erstatter_mengde": erstatter_mengde,
        "folger_medlemmer": folger_medlemmer,
    }


def legacy_lines() -> pd.DataFrame:
    """The seven lines older versions priced by default, a package that was none of the study's
    alternatives. Kept only to recognise it in older links and scenarios (`is_legacy_default`),
    which then price the recommended alternative instead."""
    rows = [
        _line(
            "Felles ledelse (brannsjef, stab)", "ledelse", 4, 800_000, erstatter="arsverk", erstatter_mengde=3
        ),
        _line(
            "Overordnet vakt 24/7",
            "beredskap",
            5,
            500_000,
            erstatter="vaktordning",
            erstatter_mengde=VAKTORDNING_KR,
        ),
        _line(
            "Forebyggende fagmiljø (tilsyn, plan- og byggesak)",
            "forebyggende",
            6,
            600_000,
            erstatter="arsverk",
            erstatter_mengde=4,
            folger_medlemmer=True,
        ),
        _line("Opplæring og øving", "felles", 2, 1_500_000, folger_medlemmer=True),
        _line("IKT, systemer og internkontroll", "felles", 1, 2_000_000),
        _line(
            "Spesialberedskap (kjemikalie, tunnel)",
            "beredskap",
            0,
            500_000,
            investering_kr=SPESIALBIL_KR,
            levetid_aar=SPESIALBIL_LEVETID,
        ),
        # Staff moving into one employer are paid by one wage scale: the higher wages last.
        _line("Lønnsharmonisering (varig)", "felles", 0, 1_500_000, folger_medlemmer=True),
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def is_legacy_default(lines: Sequence[Mapping[str, Any]]) -> bool:
    """Whether `lines` are the seven lines older versions priced by default (as stored, whole
    numbers may have become floats)."""
    legacy = legacy_lines()
    if not isinstance(lines, list) or len(lines) != len(legacy):
        return False
    given = with_defaults(pd.DataFrame(lines, columns=list(COLUMNS)))
    for column in COLUMNS:
        for mine, theirs in zip(given[column], legacy[column], strict=True):
            if _is_number(theirs) and not isinstance(theirs, bool):
                if not _is_number(mine) or not np.isclose(float(mine), float(theirs)):
                    return False
            elif mine != theirs:
                return False
    return True


def _amounts(lines: pd.DataFrame, block: str) -> str:
    freed = float(
        lines[(lines["erstatter"] == "arsverk") & (lines["blokk"] == block)]["erstatter_mengde"].sum()
    )
    return fmt.number(freed, 0 if freed.is_integer() else 1)


def assumption_note(lines: pd.DataFrame) -> str:
    """What the lines assume, with their own figures: what they replace locally, block by block,
    read from the lines themselves (an alternative's lines, as priced)."""
    replaced = []
    for block, label in (
        ("ledelse", "lederårsverk"),
        ("forebyggende", "forebyggende årsverk"),
        ("felles", "årsverk i felles tjenester"),
        ("beredskap", "årsverk i beredskap"),
    ):
        if ((lines["erstatter"] == "arsverk") & (lines["blokk"] == block)).any():
            replaced.append(f"{_amounts(lines, block)} {label}")
    if (lines["erstatter"] == "vaktordning").any():
        replaced.append(
            f"hvert brannvesens egen overordnet vakt: {fmt.kroner(VAKTORDNING_KR)} for en full døgnvakt, "
            "skalert med hvor mange ledere brannvesenet har til å gå vakt"
        )
    what = "; ".join(replaced) if replaced else "ingenting lokalt"
    return (
        "Postene er antakelser, ikke tall fra brannvesenene: kostnad per årsverk "
        f"({fmt.kroner(KR_PER_ARSVERK_ANTAKELSE)}) er ukjent for regionen (SSB og KOSTRA gir "
        f"ingen); brannbil ca. {fmt.number(SPESIALBIL_KR / 1e6)} mill. kr med {SPESIALBIL_LEVETID} "
        f"års levetid er fra nyhetskilder. Hva postene erstatter ({what}) og engangskostnadene er "
        "også antakelser, og hver har et spenn (lav–høy). Erstatt dem med arbeidsgruppenes tall."
    )


def annuity(investment: pd.Series, years: pd.Series, rate_percent: pd.Series) -> pd.Series:
    """Yearly payment that repays `investment` over `years` at `rate_percent` (0 % = straight line)."""
    r = rate_percent.to_numpy(dtype=float) / 100
    years = np.clip(years.to_numpy(dtype=float), 1, None)
    safe_r = np.where(r > 0, r, 1.0)  # avoid 0/0; those rows take the straight-line payment below
    factor = safe_r / (1 - (1 + safe_r) ** (-years))
    return investment * np.where(r > 0, factor, 1 / years)


# Upper bounds no real line reaches (the whole country's 338+339 is 8.5 bn kr a year): they keep
# a typo or a crafted link from reaching sums the whole-krone arithmetic cannot hold.
LIMITS = {
    "arsverk": 2_000,
    "kr_per_arsverk": 5_000_000,
    "drift_kr": 5_000_000_000,
    "investering_kr": 50_000_000_000,
    "levetid_aar": 100,
    "rente": 50,
    "besparelse_kr": 5_000_000_000,
}
REPLACED_LIMIT = 1_000_000_000
MAX_LINES = 50
MAX_POST_CHARS = 120


def _is_number(value: object) -> TypeIs[int | float | np.integer | np.floating]:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def validate(lines: pd.DataFrame) -> list[str]:
    """Problems with edited lines, in Norwegian (empty when the budget can be used)."""
    problems = []
    if len(lines) > MAX_LINES:
        problems.append(f"Budsjettet kan ha høyst {MAX_LINES} poster (det har {len(lines)}).")
        return problems
    for i, row in lines.reset_index(drop=True).iterrows():
        post = row["post"]
        name = post if isinstance(post, str) and post.strip() else f"rad {i + 1}"
        if not isinstance(post, str) or not post.strip():
            problems.append(f"{name}: «{COLUMNS['post']}» mangler.")
        elif problem := columns.text_problem(post, MAX_POST_CHARS):
            problems.append(f"{fmt.visible(name[:40])}: navnet {problem}.")
        if row["blokk"] not in BLOCKS:
            problems.append(f"{name}: ukjent blokk «{row['blokk']}».")
        for col, limit in LIMITS.items():
            value = row[col]
            if value is None or value is pd.NA or (_is_number(value) and np.isnan(value)):
                if col != "levetid_aar":
                    problems.append(f"{name}: «{COLUMNS[col]}» mangler.")
            elif not _is_number(value) or not np.isfinite(value):
                problems.append(f"{name}: «{COLUMNS[col]}» er ikke et tall.")
            elif value < 0:
                problems.append(f"{name}: «{COLUMNS[col]}» kan ikke være negativ.")
            elif value > limit:
                problems.append(f"{name}: «{COLUMNS[col]}» kan være høyst {fmt.number(limit)}.")
            elif col == "levetid_aar" and value < 1:
                problems.append(f"{name}: levetiden må være minst 1 år.")
        if row.get("erstatter") not in REPLACES:
            problems.append(f"{name}: «{COLUMNS['erstatter']}» må være en av: {', '.join(REPLACES)}.")
        if not isinstance(row.get("folger_medlemmer"), (bool, np.bool_)):
            problems.append(f"{name}: «{COLUMNS['folger_medlemmer']}» må være ja eller nei.")
        amount = row.get("erstatter_mengde")
        if not _is_number(amount) or not np.isfinite(amount) or not 0 <= amount <= REPLACED_LIMIT:
            problems.append(
                f"{name}: «{COLUMNS['erstatter_mengde']}» må være et tall fra 0 til "
                f"{fmt.number(REPLACED_LIMIT)}."
            )
    if not problems and len(lines) and yearly_cost(lines).sum() <= 0:
        problems.append(
            "Budsjettet summerer til 0 kr eller mindre (besparelsene er minst like store som kostnadene): "
            "det er ingenting å fordele."
        )
    if not len(lines):
        problems.append("Budsjettet har ingen poster.")
    return problems


def _missing_is_false(value: object) -> object:
    """A line from an older scenario or a new grid row does not follow the members."""
    return (
        False if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) else value
    )


def with_defaults(lines: pd.DataFrame) -> pd.DataFrame:
    """Lines from an older scenario or a new grid row: what they replace defaults to nothing."""
    out = lines.reindex(columns=list(COLUMNS))
    out["erstatter"] = out["erstatter"].where(out["erstatter"].notna(), "ingen")
    out["erstatter_mengde"] = pd.to_numeric(out["erstatter_mengde"], errors="coerce").fillna(0.0)
    out["folger_medlemmer"] = out["folger_medlemmer"].map(_missing_is_false).astype(object)
    return out


def validate_one_offs(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Problems with the one-off transition costs, in Norwegian."""
    problems = []
    if len(rows) > MAX_LINES:
        return [f"Det kan være høyst {MAX_LINES} engangskostnader (det er {len(rows)})."]
    for i, row in enumerate(rows, start=1):
        post = row.get("post")
        name = fmt.visible(post[:40]) if isinstance(post, str) and post.strip() else f"rad {i}"
        if not isinstance(post, str) or not post.strip():
            problems.append(f"Engangskostnad {name}: navnet mangler.")
        elif problem := columns.text_problem(post, MAX_POST_CHARS):
            problems.append(f"Engangskostnad {name}: navnet {problem}.")
        if row.get("blokk") not in BLOCKS:
            problems.append(f"Engangskostnad {name}: ukjent blokk «{row.get('blokk')}».")
        year, amount = row.get("aar"), row.get("belop_kr")
        if (
            not _is_number(year)
            or not float(year).is_integer()
            or not ONE_OFF_YEARS[0] <= year <= ONE_OFF_YEARS[1]
        ):
            problems.append(f"Engangskostnad {name}: året må være et årstall.")
        if not _is_number(amount) or not np.isfinite(amount) or not 0 <= amount <= LIMITS["investering_kr"]:
            problems.append(
                f"Engangskostnad {name}: beløpet må være fra 0 til {fmt.number(LIMITS['investering_kr'])} kr."
            )
    return problems


def is_function(lines: pd.DataFrame) -> pd.Series:
    """Per line, whether it is a function the cooperation takes on (it has staff, takes over local
    work or buys equipment), not a cost of doing so (wage harmonisation is a cost, not an area)."""
    return (lines["arsverk"] > 0) | (lines["erstatter"] != "ingen") | (lines["investering_kr"] > 0)


def running_cost(lines: pd.DataFrame) -> pd.Series:
    """The part of each line that grows with prices and wages: staff and operations less savings."""
    return lines["arsverk"] * lines["kr_per_arsverk"] + lines["drift_kr"] - lines["besparelse_kr"]


def capital_cost(lines: pd.DataFrame) -> pd.Series:
    """The annuity of each line's investment: fixed in kroner once the loan is taken, so it does
    not grow with prices."""
    lines = lines.fillna({"levetid_aar": 1, "rente": 0})
    return annuity(lines["investering_kr"], lines["levetid_aar"], lines["rente"])


def yearly_cost(lines: pd.DataFrame) -> pd.Series:
    """Whole kroner per line in the first year."""
    return (running_cost(lines) + capital_cost(lines)).round().astype("int64")


def block_parts(lines: pd.DataFrame, members: float = 1.0) -> tuple[pd.Series, pd.Series]:
    """Per block (every block present): the running cost and the annuities in the first year,
    the lines that follow the members scaled by their share `members` of the inhabitants.
    Summed with numpy: the funding model asks for five of these per slider move."""
    blocks = pd.Index(list(BLOCKS), name="blokk")
    codes = pd.Categorical(lines["blokk"], categories=blocks).codes
    scale = np.where(lines["folger_medlemmer"].to_numpy() == True, members, 1.0)  # noqa: E712 (None is no)
    present = codes >= 0
    running = running_cost(lines).to_numpy(dtype=float) * scale
    capital = capital_cost(lines).to_numpy(dtype=float) * scale
    return (
        pd.Series(np.bincount(codes[present], running[present], minlength=len(blocks)), index=blocks),
        pd.Series(np.bincount(codes[present], capital[present], minlength=len(blocks)), index=blocks),
    )


def largest_block(lines: pd.DataFrame) -> str:
    """The block that costs the most in the first year: the key a meeting moves first."""
    return str(by_block(lines).idxmax())


def by_block(lines: pd.DataFrame, growth: float = 1.0, members: float = 1.0) -> pd.Series:
    """Yearly cost per block (every block present, 0 where empty), with the running costs grown
    by `growth` and the lines that follow the members scaled by their share `members` of the
    region's inhabitants."""
    running, capital = block_parts(lines, members)
    return (running * growth + capital).round().astype("int64")
