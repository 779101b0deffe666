"""The study's alternatives as funding options: the zero alternative and each way of cooperating,
with its organisation form, host, budget lines, one-off costs, duty-officer zones and its
non-priced effects, as plain dicts (saved with a scenario and carried in its link).

An option's budget lines are the budget builder's (`budget.COLUMNS`) plus `per_sone`: a line
that is one rota per duty-officer zone (its årsverk, operating cost and investment count once
per zone). Its one-off costs are dated in years from the start (`aar_fra_start`). The funding
model prices an option by running on `settings_for(settings, option)`: the scenario's keys,
growth, members, cap and realisation profile with the option's lines.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from brannsam import formatting as fmt
from brannsam.data import alternative_sources, columns
from brannsam.funding import budget

if TYPE_CHECKING:
    from brannsam.funding.settings import BudgetLine, OneOff, Settings

# Non-priced effects, judged against the zero alternative on the pluss-minus scale −4 … +4.
CRITERIA = {
    "kvalitet": "Tjenestekvalitet",
    "robusthet": "Robusthet",
    "kompetanse": "Kompetanse og fagmiljø",
    "forankring": "Lokal forankring",
    "gjennomforing": "Gjennomføringsrisiko",
}
CRITERIA_HELP = {
    "kvalitet": "forebygging, beredskap og ledelse slik innbyggerne får dem",
    "robusthet": "sårbarhet for fravær, samtidige hendelser og enkeltpersoner",
    "kompetanse": "fagmiljø, spesialisering og rekruttering",
    "forankring": "lokal styring, lokalkunnskap og nærhet til kommunene (minus: svakere)",
    "gjennomforing": "risikoen for at overgangen mislykkes eller blir forsinket (minus: høyere risiko)",
}
# Implementation risk is uncertainty (it is in the cost ranges and the risk discussion), not an
# effect: it is judged and shown, but not added to the points.
RISK_CRITERION = "gjennomforing"
EFFECT_CRITERIA = tuple(c for c in CRITERIA if c != RISK_CRITERION)
SCORE = (-4, 4)
# Who set an alternative's non-priced scores: every score has an owner, a date and a reason.
ROLES = {
    "utkast": "Brannsams utkast",
    "arbeidsgruppe": "Arbeidsgruppe",
    "verksted": "Verkstedrunde",
    "styringsgruppe": "Styringsgruppen",
}
MAX_REASON = 200
DRAFT_RECORD = {
    "rolle": "utkast",
    "av": "Brannsam",
    "dato": "",
    "hvorfor": "utkast til utredningen; arbeidsgruppene har ikke vurdert alternativene ennå",
}
ZERO_RECORD = {
    "rolle": "utkast",
    "av": "per definisjon",
    "dato": "",
    "hvorfor": "nullalternativet er det de andre måles mot: 0 på hvert kriterium",
}
ZERO = "0"
MAX_ZONES = 4
MAX_OPTIONS = 8
MAX_TEXT = 400
LINE_COLUMNS = [*budget.COLUMNS, "per_sone"]
MAX_ID = 10  # an alternative's id, as `Settings.alternativ` and `valgt` take it
ONE_OFF_COLUMNS = ["post", "blokk", "aar_fra_start", "belop_kr", "per_sone"]
FORMS = {
    "dagens": "Dagens ordning (IKS- og vertskommuneavtalene som i dag)",
    "avtale": "Avtalebasert samarbeid (brannloven § 9 og § 15)",
    "vertskommune": "Vertskommunesamarbeid (kommuneloven kap. 20)",
    "iks": "Interkommunalt selskap (IKS-loven)",
    "felles_brannvesen": "Sammenslåing / felles brannvesen (brannloven § 9)",
    "oppgavefellesskap": "Kommunalt oppgavefellesskap (kommuneloven kap. 19)",
}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def defaults(alternatives: pd.DataFrame, lines: pd.DataFrame, one_offs: pd.DataFrame) -> list[dict]:
    """The options as the source files give them (`queries.alternatives`)."""
    out = []
    for alt in alternatives.itertuples(index=False):
        own = lines[lines["alternativ_id"] == alt.alternativ_id]
        once = one_offs[one_offs["alternativ_id"] == alt.alternativ_id]
        out.append(
            {
                "id": alt.alternativ_id,
                "navn": alt.navn,
                "form": alt.organisasjonsform,
                "vertskap": alt.vertskap,
                "beskrivelse": alt.beskrivelse,
                "omrader": alternative_sources.area_list(alt.omrader),
                "soner": alternative_sources.zones(alt.soner),
                "bistand": bool(alt.bistand),
                "ikke_prissatt": {c: int(getattr(alt, c)) for c in CRITERIA},
                "vurdert": dict(ZERO_RECORD if alt.alternativ_id == ZERO else DRAFT_RECORD),
                "poster": [
                    {c: _plain(row[c]) for c in LINE_COLUMNS} for row in own.to_dict(orient="records")
                ],
                "engang": [
                    {c: _plain(row[c]) for c in ONE_OFF_COLUMNS} for row in once.to_dict(orient="records")
                ],
                "kilde": alt.kilde,
            }
        )
    return out


def _plain(value: object) -> object:
    """numpy scalars as plain Python values (the option goes into JSON)."""
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def lines(option: dict) -> pd.DataFrame:
    """The option's budget lines as the budget builder's columns, a per-zone line counted once
    for each of its zones (no zones: the line is not there)."""
    frame = pd.DataFrame(option.get("poster", []), columns=LINE_COLUMNS)
    if frame.empty:
        return budget.with_defaults(frame.drop(columns="per_sone"))
    per_zone = frame["per_sone"].fillna(False).astype(bool)
    zones = len(option.get("soner", []))
    # Each service's own rota is replaced once, however many zones cover the region.
    for column in ("arsverk", "drift_kr", "investering_kr"):
        frame[column] = frame[column].astype(float).where(~per_zone, frame[column].astype(float) * zones)
    frame = frame[~per_zone | (zones > 0)]
    return budget.with_defaults(frame.drop(columns="per_sone").reset_index(drop=True))


def one_offs(option: dict, first_year: int) -> list[dict]:
    """The option's one-off costs dated in plan years, a per-zone one-off once for each zone
    (a vehicle and radios per duty-officer zone scale with the zones, as the rota does)."""
    zones = len(option.get("soner", []))
    out = []
    for row in option.get("engang", []):
        times = zones if row.get("per_sone") else 1
        if times == 0:
            continue
        out.append(
            {
                "post": row["post"],
                "blokk": row["blokk"],
                "aar": int(first_year) + int(row["aar_fra_start"]),
                "belop_kr": float(row["belop_kr"]) * times,
            }
        )
    return out


def settings_for(settings: Settings, option: dict, keeps: Iterable[str] = ()):
    """The funding settings that price `option`: the scenario's keys, growth, plan years,
    members, cap and realisation with the option's lines and one-off costs (`valgt` names it),
    and the services that keep their own duty-officer rota because no zone of the option reaches
    them in time (`keeps`, from the option's effects). The zero alternative has none, so its
    contribution and avoided cost are 0 and its cost is today's."""
    return dataclasses.replace(
        settings,
        budsjett=cast("list[BudgetLine]", lines(option).to_dict(orient="records")),
        engang=cast("list[OneOff]", one_offs(option, settings.forste_aar)),
        valgt=option["id"],
        egen_vakt=sorted(set(keeps)),
    )


def validate(option: object, areas: set[str] | None = None, stations: set[str] | None = None) -> list[str]:
    """Problems with one option from a link, a stored scenario or the page, in Norwegian."""
    if not isinstance(option, dict):
        return ["Et alternativ må ha navn, form, poster og engangskostnader."]
    name = _text(option.get("navn")) or f"alternativ {option.get('id', '?')}"
    label = fmt.visible(name[:40])
    problems = []
    for key in ("id", "navn", "vertskap", "beskrivelse"):
        value = option.get(key)
        if not isinstance(value, str) or (key in ("id", "navn") and not value.strip()):
            problems.append(f"{label}: «{key}» mangler.")
        elif problem := columns.text_problem(value, MAX_ID if key == "id" else MAX_TEXT):
            problems.append(f"{label}: «{key}» {problem}.")
    if option.get("form") not in FORMS:
        problems.append(f"{label}: ukjent organisasjonsform «{option.get('form')}».")
    if not isinstance(option.get("bistand"), bool):
        problems.append(f"{label}: «bistand» må være ja eller nei.")
    chosen = option.get("omrader")
    if not isinstance(chosen, list) or not all(isinstance(a, str) for a in chosen):
        problems.append(f"{label}: samarbeidsområdene må være en liste.")
    elif areas is not None and (unknown := sorted(set(chosen) - areas)):
        problems.append(f"{label}: ukjent samarbeidsområde «{unknown[0]}».")
    problems += _zone_problems(label, option.get("soner"), stations)
    scores = option.get("ikke_prissatt")
    if not isinstance(scores, dict) or set(scores) != set(CRITERIA):
        problems.append(f"{label}: de ikke-prissatte virkningene må ha en verdi for hvert kriterium.")
    else:
        for criterion, value in scores.items():
            if isinstance(value, bool) or not isinstance(value, int) or not SCORE[0] <= value <= SCORE[1]:
                problems.append(f"{label}: «{CRITERIA[criterion]}» må være et helt tall fra −4 til +4.")
    problems += _line_problems(label, option)
    problems += _record_problems(label, option.get("vurdert"))
    return problems


def _record_problems(label: str, record: object) -> list[str]:
    """Who set the scores, when and why (optional in older links: they read as a draft)."""
    if record is None:
        return []
    if not isinstance(record, dict) or record.get("rolle") not in ROLES:
        return [f"{label}: hvem som satte de ikke-prissatte virkningene, mangler eller er ukjent."]
    problems = []
    for key, limit in (("av", 80), ("hvorfor", MAX_REASON), ("dato", 10)):
        value = record.get(key)
        if not isinstance(value, str) or (key != "dato" and not value.strip()):
            problems.append(f"{label}: «{key}» for vurderingen mangler.")
        elif problem := columns.text_problem(value, limit):
            problems.append(f"{label}: «{key}» for vurderingen {problem}.")
    date = record.get("dato")
    if isinstance(date, str) and date and not (len(date) == 10 and date[4] == date[7] == "-"):
        problems.append(f"{label}: datoen for vurderingen må skrives som 2026-12-07.")
    return problems


def record_of(option: dict) -> dict:
    """Who set the option's non-priced scores (an older link's options carry none: a draft)."""
    return option.get("vurdert") or (ZERO_RECORD if option.get("id") == ZERO else DRAFT_RECORD)


def record_text(record: dict) -> str:
    """«Styringsgruppen (Kari Nordmann, 2026-12-07): begrunnelse»."""
    who = ", ".join(p for p in (record["av"], record.get("dato") or "udatert") if p)
    return f"{ROLES[record['rolle']]} ({who}): {record['hvorfor']}"


def assessed(option: dict, scores: dict[str, int], record: dict) -> dict:
    """`option` with new non-priced scores and who set them, when and why."""
    return dict(option, ikke_prissatt={c: int(scores[c]) for c in CRITERIA}, vurdert=dict(record))


def _zone_problems(label: str, zones: object, stations: set[str] | None) -> list[str]:
    if not isinstance(zones, list) or not all(isinstance(z, dict) for z in zones):
        return [f"{label}: sonene må være en liste."]
    if len(zones) > MAX_ZONES:
        return [f"{label}: høyst {MAX_ZONES} soner for overordnet vakt (det er {len(zones)})."]
    problems = []
    for zone in zones:
        zone_name, base = zone.get("navn"), zone.get("base")
        if not isinstance(zone_name, str) or not zone_name.strip():
            problems.append(f"{label}: en sone mangler navn.")
        elif problem := columns.text_problem(zone_name, 40):
            problems.append(f"{label}: sonenavnet «{fmt.visible(zone_name[:40])}» {problem}.")
        if not isinstance(base, str) or (stations is not None and base not in stations):
            given = (
                f" («{fmt.visible(str(base)[:40])}» er ingen brannstasjon)" if isinstance(base, str) else ""
            )
            problems.append(
                f"{label}: sonen «{fmt.visible(str(zone_name)[:40])}» har ingen kjent base{given}."
            )
    return problems


def _line_problems(label: str, option: dict) -> list[str]:
    raw, once = option.get("poster"), option.get("engang")
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        return [f"{label}: postene må være en liste."]
    if not isinstance(once, list) or not all(isinstance(r, dict) for r in once):
        return [f"{label}: engangskostnadene må være en liste."]
    problems = []
    if any(not isinstance(r.get("per_sone", False), bool) for r in raw):
        problems.append(f"{label}: «per sone» må være ja eller nei.")
    if raw:
        frame = budget.with_defaults(pd.DataFrame(raw, columns=list(budget.COLUMNS)))
        problems += [f"{label}: {p}" for p in budget.validate(frame)]
        zones = option["soner"] if isinstance(option.get("soner"), list) else []
        per_zone = [r for r in raw if r.get("per_sone") is True]
        if per_zone and not zones:
            problems.append(
                f"{label}: «{fmt.visible(str(per_zone[0].get('post'))[:40])}» gjelder per sone, men "
                "alternativet har ingen soner."
            )
        elif not problems and per_zone:
            # Priced, a per-zone line counts once per zone: what is saved must pass the same check.
            problems += [f"{label} med {len(zones)} soner: {p}" for p in budget.validate(lines(option))]
    if any(not isinstance(r.get("per_sone", False), bool) for r in once):
        problems.append(f"{label}: «per sone» for en engangskostnad må være ja eller nei.")
    for row in once:
        start = row.get("aar_fra_start")
        if isinstance(start, bool) or not isinstance(start, int) or not -3 <= start <= 10:
            problems.append(f"{label}: en engangskostnad må ha et helt antall år fra start (−3 til 10).")
    dated = [dict(r, aar=2030 + r["aar_fra_start"]) for r in once if isinstance(r.get("aar_fra_start"), int)]
    problems += [f"{label}: {p}" for p in budget.validate_one_offs(dated)]
    return problems


# Every effect criterion weighs the same: shown beside the scores, so the sum is never a black box.
CRITERION_WEIGHTS = dict.fromkeys(EFFECT_CRITERIA, 1.0)


def score(option: dict, weights: dict[str, float] | None = None) -> float:
    """The option's non-priced effects added up, implementation risk left out (each criterion
    weighted, `CRITERION_WEIGHTS` where not given)."""
    weights = CRITERION_WEIGHTS | (weights or {})
    return float(sum(weights[c] * option["ikke_prissatt"][c] for c in EFFECT_CRITERIA))


def _records(frame: pd.DataFrame, columns_: list[str]) -> list[dict]:
    """Grid rows as plain JSON values; rows with no name are dropped (a grid's empty new row)."""
    out = []
    for row in frame.reindex(columns=columns_).to_dict(orient="records"):
        if not isinstance(row.get("post"), str) or not row["post"].strip():
            continue
        plain = {}
        for key, value in row.items():
            value = _plain(value)
            plain[key] = None if isinstance(value, float) and np.isnan(value) else value
        out.append(plain)
    return out


def edited(
    option: dict,
    line_rows: pd.DataFrame | None = None,
    one_off_rows: pd.DataFrame | None = None,
    zones: list[dict] | None = None,
    scores: dict[str, int] | None = None,
) -> dict:
    """`option` with what the page changed (each part only when given)."""
    out = dict(option)
    if line_rows is not None:
        rows = _records(line_rows, LINE_COLUMNS)
        for row in rows:
            row["per_sone"] = bool(row.get("per_sone") or False)
            row["folger_medlemmer"] = bool(row.get("folger_medlemmer") or False)
        out["poster"] = rows
    if one_off_rows is not None:
        rows = _records(one_off_rows, ONE_OFF_COLUMNS)
        for row in rows:
            row["per_sone"] = bool(row.get("per_sone") or False)
            start = row.get("aar_fra_start")
            row["aar_fra_start"] = (
                int(start) if isinstance(start, (int, float)) and float(start).is_integer() else start
            )
        out["engang"] = rows
    if zones is not None:
        out["soner"] = zones
    if scores is not None:
        out["ikke_prissatt"] = {c: int(scores[c]) for c in CRITERIA}
    return out


def host_municipality(option: dict, kommuner: pd.DataFrame) -> str | None:
    """The kommunenummer of the host a host-municipality alternative names («Trondheim kommune som
    vertskommune …»), or None (an IKS or agreements have no host municipality)."""
    if option["form"] != "vertskommune":
        return None
    text = str(option["vertskap"])
    for row in kommuner.sort_values("innbyggere", ascending=False).itertuples():
        if f"{row.kommunenavn} kommune" in text:
            return str(row.kommunenummer)
    return None


HOST_RULE = "kommunen med flest innbyggere av dem som blir med"


def next_host(kommuner: pd.DataFrame, left_out: list[str]) -> pd.Series:
    """The host by `HOST_RULE` when the proposed one stays out: the member with most inhabitants
    (the lower number breaks a tie)."""
    members = kommuner[~kommuner["kommunenummer"].isin(left_out)]
    return members.sort_values(["innbyggere", "kommunenummer"], ascending=[False, True]).iloc[0]


def host_text(option: dict, kommuner: pd.DataFrame, left_out: list[str]) -> str:
    """The alternative's host as a reader should see it: as the alternative names it, unless the
    host municipality stays out, which is then never named (the next host by `HOST_RULE`)."""
    host = host_municipality(option, kommuner)
    if host is None or host not in left_out:
        return str(option["vertskap"])
    largest = next_host(kommuner, left_out)
    return (
        f"den foreslåtte vertskommunen står utenfor; vertskommunen avtales mellom dem som blir med (etter "
        f"studiens regel, {HOST_RULE}: {largest['kommunenavn']} kommune)"
    )
