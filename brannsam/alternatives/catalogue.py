"""The alternatives in force: the study's own as the source files give them, with their
non-priced effects from the cooperation areas' scores where there are any; as a scenario edited
them; and an older scenario's own budget lines, kept as an alternative of their own so nothing
prices a package the alternatives page does not show."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from brannsam.cooperation import model as cooperation
from brannsam.data import queries
from brannsam.funding import options
from brannsam.funding.settings import Settings

# Which of the cooperation areas' criteria inform each non-priced criterion's default.
FROM_AREA_CRITERIA = {
    "kvalitet": ("kvalitet", "respons"),
    "robusthet": ("robusthet",),
    "kompetanse": ("kvalitet", "rekruttering"),
    "forankring": ("forankring",),
    "gjennomforing": ("gjennomforbarhet", "juridisk"),
}
DRAFT = "Brannsams utkast, ikke vurdert av arbeidsgruppene"
FROM_SCORES = "fra vurderingene av samarbeidsområdene (median 1–5 omregnet: 3 = 0, 5 = +4, 1 = −4)"


def default_options(
    alternatives: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    scores: pd.DataFrame,
    areas: list[str],
    round_scores: pd.DataFrame | None = None,
) -> tuple[list[dict], dict[str, str]]:
    """The source files' alternatives (`queries.alternatives`) with their non-priced effects from
    the cooperation areas' stored scores (`queries.cooperation_scores`) where there are any, and
    from the newest workshop round that scored the alternatives themselves
    (`queries.alternative_round_scores`) where one has. A workshop round with fewer than
    `queries.MIN_ROUND_PARTICIPANTS` participants moves nothing."""
    scores = with_enough_participants(scores)
    median, _, _ = cooperation.combine(scores, areas)
    record = dict(
        FROM_SCORES_RECORD,
        av=f"vurderingene av samarbeidsområdene ({scores['vurderer'].nunique()} vurderere)",
    )
    opts, where = scored_defaults(options.defaults(*alternatives), median, record)
    if round_scores is None or round_scores.empty:
        return opts, where
    return from_rounds(opts, where, round_scores)


WORKSHOP_SOURCE = "verksted «"


def with_enough_participants(scores: pd.DataFrame) -> pd.DataFrame:
    """The cooperation areas' scores without those of workshop rounds too small to move an
    alternative's scores (the round is named in `kilde`; its participants are its assessors)."""
    if scores.empty:
        return scores
    workshop = scores["kilde"].str.startswith(WORKSHOP_SOURCE, na=False)
    people = scores[workshop].groupby("kilde")["vurderer"].nunique()
    small = people[people < queries.MIN_ROUND_PARTICIPANTS].index
    return scores[~(workshop & scores["kilde"].isin(small))]


def _half_away(value: float) -> int:
    """A median such as 1,5 to a whole score: half away from zero (Python's round goes to even)."""
    return int(np.sign(value) * np.floor(abs(value) + 0.5))


def from_rounds(
    opts: list[dict], where: dict[str, str], round_scores: pd.DataFrame
) -> tuple[list[dict], dict[str, str]]:
    """Each alternative scored by a closed workshop round with at least
    `queries.MIN_ROUND_PARTICIPANTS` participants takes that round's medians (the newest such
    round), rounded half away from zero, with the round named as who set them, when it closed
    and how many took part. Criteria the round did not score keep their earlier values."""
    enough = round_scores[round_scores["deltakere"] >= queries.MIN_ROUND_PARTICIPANTS]
    out, where = [], dict(where)
    for option in opts:
        own = enough[enough["alternativ_id"] == option["id"]]
        if option["id"] == options.ZERO or own.empty:
            out.append(option)
            continue
        newest = own[own["kode"] == own.sort_values(["stengt", "kode"])["kode"].iloc[-1]]
        first = newest.iloc[0]
        values = dict(option["ikke_prissatt"])
        for row in newest.itertuples():
            if row.kriterium in values:
                values[row.kriterium] = int(np.clip(_half_away(float(row.median)), *options.SCORE))
        people = int(first["deltakere"])
        record = {
            "rolle": "verksted",
            "av": f"verkstedrunden «{first['runde']}» ({first['kode']}, {people} deltakere)"[:80],
            "dato": pd.Timestamp(first["stengt"]).date().isoformat(),
            "hvorfor": "median av deltakernes poeng fra −4 til +4 mot nullalternativet, avrundet",
        }
        out.append(options.assessed(option, values, record))
        where[option["id"]] = f"verkstedrunden «{first['runde']}»"
    return out, where


# Who set the scores derived from the cooperation areas' (the areas' scores carry no date here).
FROM_SCORES_RECORD = {
    "rolle": "arbeidsgruppe",
    "av": "vurderingene av samarbeidsområdene",
    "dato": "",
    "hvorfor": "median 1–5 for områdene alternativet omfatter, omregnet: 3 = 0, 5 = +4, 1 = −4",
}


def scored_defaults(
    opts: list[dict], median: pd.DataFrame, record: dict = FROM_SCORES_RECORD
) -> tuple[list[dict], dict[str, str]]:
    """The options' non-priced effects from the cooperation areas' stored scores where the option
    includes scored areas (median 1–5 to −4 … +4 as (m − 3) × 2), else the source file's draft;
    and, per option, where its figures come from (`record`: who scored the areas)."""
    out, where = [], {}
    for option in opts:
        scored = median.reindex(option.get("omrader", [])).dropna(how="all")
        if option["id"] == options.ZERO or scored.empty:
            out.append(option)
            where[option["id"]] = "nullalternativet" if option["id"] == options.ZERO else DRAFT
            continue
        values = dict(option["ikke_prissatt"])
        for criterion, sources in FROM_AREA_CRITERIA.items():
            mean = scored.reindex(columns=list(sources)).stack().mean()
            if pd.notna(mean):
                values[criterion] = int(np.clip(round((float(mean) - 3) * 2), *options.SCORE))
        out.append(dict(option, ikke_prissatt=values, vurdert=dict(record)))
        where[option["id"]] = FROM_SCORES
    return out, where


EDITED = "redigert i oppsettet"
LEGACY = "postene fra et eldre scenario eller en eldre lenke; ikke vurdert"


def current_options(
    settings: Settings, defaults: list[dict], where: dict[str, str]
) -> tuple[list[dict], dict[str, str]]:
    """The alternatives the settings carry, or the defaults when they carry none, and where each
    one's non-priced effects come from (an older scenario's own lines become an alternative of
    their own: `settled`)."""
    settings = settled(settings, defaults)
    if settings.alternativer is None:
        return defaults, where
    return settings.alternativer, {
        o["id"]: LEGACY if o.get("eldre") else where.get(o["id"], EDITED) if o in defaults else EDITED
        for o in settings.alternativer
    }


def with_study_alternatives(settings: Settings, defaults: list[dict]):
    """`settings` back on the study's own alternatives: a recommendation of one that is no longer
    there (an edited or older scenario's own) goes back to the analysis' first."""
    ids = {o["id"] for o in defaults}
    chosen = settings.alternativ if settings.alternativ in ids else None
    return dataclasses.replace(settings, alternativer=None, alternativ=chosen)


def _free_id(opts: list[dict]) -> str:
    taken = {o["id"] for o in opts}
    return next(c for c in "EFGHIJKLMNOPQRSTUVWXYZ" if c not in taken)


def settled(settings: Settings, defaults: list[dict]):
    """Settings from an older link or scenario that priced lines of their own (not one of the
    alternatives) with those lines made an alternative of their own, shown with the others and
    chosen as the recommendation, so nothing prices a package the alternatives page does not
    show and nothing the older scenario held is lost. Other settings are returned as they are."""
    if not settings.legacy:
        return settings
    opts = list(settings.alternativer if settings.alternativer is not None else defaults)
    template = next((o for o in opts if o["id"] == settings.alternativ), None)
    own = {
        "id": _free_id(opts),
        "navn": (
            f"{template['navn']} (postene fra et eldre oppsett)"
            if template
            else "Eget oppsett fra et eldre scenario"
        )[: options.MAX_TEXT],
        "form": template["form"] if template else "vertskommune",
        "vertskap": template["vertskap"] if template else "Ikke avklart: postene kom fra et eldre scenario",
        "beskrivelse": (
            "Postene et eldre scenario eller en eldre lenke priset, beholdt som de var."
            + (f" Bygger på alternativ {template['id']}." if template else "")
        ),
        "omrader": list(template["omrader"]) if template else [],
        "soner": list(template["soner"]) if template else [],
        "bistand": bool(template["bistand"]) if template else False,
        "ikke_prissatt": dict(template["ikke_prissatt"]) if template else dict.fromkeys(options.CRITERIA, 0),
        "poster": [dict(row, per_sone=False) for row in settings.budsjett or []],
        "engang": [
            {
                "post": row["post"],
                "blokk": row["blokk"],
                "aar_fra_start": int(min(max(int(row["aar"]) - settings.forste_aar, -3), 10)),
                "belop_kr": float(row["belop_kr"]),
                "per_sone": False,
            }
            for row in (settings.engang or [])
        ],
        "kilde": LEGACY,
        "vurdert": (
            options.record_of(template)
            if template
            else {"rolle": "utkast", "av": "et eldre scenario", "dato": "", "hvorfor": LEGACY}
        ),
        "eldre": True,
    }
    return dataclasses.replace(
        settings, alternativer=[*opts, own], alternativ=str(own["id"]), budsjett=None, engang=None, valgt=None
    )
