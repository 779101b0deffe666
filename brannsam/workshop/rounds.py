"""Workshop rounds: the rules that need no database. What a join code and a name look like,
when a round takes answers, which area a paced round is on, and what the wall and the Excel may
show of the results (an anonymous round never shows one person's scores)."""

from __future__ import annotations

import re
import secrets
import unicodedata

import numpy as np
import pandas as pd

from brannsam import formatting
from brannsam.cooperation import model as cooperation
from brannsam.data import queries
from brannsam.funding import options

# No 0/O, 1/I/L: a code read from a projector is typed right the first time.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_NAME = 60
STATUS = {"aapen": "åpen", "lukket": "stengt", "avslort": "avslørt"}
RESULT_HEADER = ["omrade_id", "deltakere", "median", "spredning", "rang"]
# What a round scores: the cooperation areas (1–5 per criterion, as /samarbeid's assessors), or
# the study's alternatives on the non-priced criteria (−4 … +4 against the zero alternative).
AREAS, ALTERNATIVES = "omrader", "alternativer"
SUBJECTS = {AREAS: "samarbeidsområdene", ALTERNATIVES: "alternativene"}
SCALES = {AREAS: (1, 5), ALTERNATIVES: options.SCORE}
ITEM_WORD = {AREAS: "Område", ALTERNATIVES: "Alternativ"}
ITEM_PLURAL = {AREAS: "områder", ALTERNATIVES: "alternativer"}
# A round's medians move an alternative's non-priced scores only with at least this many
# distinct participants (five look-alike answers must not flip a recommendation).
MIN_PARTICIPANTS = queries.MIN_ROUND_PARTICIPANTS


def subject(round_: dict) -> str:
    return round_.get("gjelder") or AREAS


def criteria_of(subject_: str) -> dict[str, str]:
    """The criteria a round of this subject scores, with their Norwegian names."""
    return dict(options.CRITERIA) if subject_ == ALTERNATIVES else dict(cooperation.CRITERIA)


SCALE_TEXT = {AREAS: "1 til 5", ALTERNATIVES: "−4 til +4"}
# What the phone says about the scale (the areas' note is /samarbeid's own).
SCALE_NOTE = {
    AREAS: cooperation.SCALE_NOTE,
    ALTERNATIVES: (
        "Sammenlign med nullalternativet (dagens ordning): 0 = som i dag, +4 = mye bedre, "
        "−4 = mye dårligere. Kostnadene er regnet ut for seg; her vurderer du det som ikke har en kronepris."
    ),
}


RESULT_NOTE = {
    AREAS: "Poeng = vektet median (1–5, like vekter). Uenighet = høyeste minus laveste poeng (0–4), "
    "snitt over kriteriene.",
    ALTERNATIVES: "Poeng = summen av medianene for virkningene (−4 … +4 per kriterium mot nullalternativet); "
    "gjennomføringsrisikoen vises, men legges ikke til. Uenighet = høyeste minus laveste poeng (0–8), snitt "
    "over kriteriene.",
}


def ranking_axis(round_: dict) -> tuple[tuple[float, float], str]:
    """The ranking chart's axis: 1–5 for areas; for alternatives the span of the points sum."""
    if subject(round_) == ALTERNATIVES:
        effects = len([c for c in round_["kriterier"] if c in options.EFFECT_CRITERIA]) or 1
        low, high = options.SCORE
        return (low * effects, high * effects), "Poeng: sum av medianene mot nullalternativet"
    return (1, 5), "Vektet medianpoeng (1–5)"


def criterion_label(round_: dict, criterion: str) -> str:
    """A criterion as the phone asks it."""
    if subject(round_) == ALTERNATIVES:
        return f"{options.CRITERIA[criterion]} ({options.CRITERIA_HELP[criterion]})"
    return f"{cooperation.CRITERIA[criterion]} (5 = {cooperation.FIVE_MEANS[criterion]})"


class WorkshopError(ValueError):
    """Something a participant or the facilitator must be told, in Norwegian."""


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalised_code(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "").upper()


# Letters that draw nothing (Hangul fillers) and the blank Braille pattern: a name of these
# looks empty on the wall.
BLANK_LOOKING = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def _script(ch: str) -> str:
    """A letter's script as Unicode names it: LATIN, CYRILLIC, GREEK …"""
    return unicodedata.name(ch, "UNKNOWN").split(" ")[0]


def clean_name(name: str) -> str:
    """A name as stored: spaces collapsed; refused when empty, too long, invisible, blank-looking
    or mixing alphabets to look like another name (a Cyrillic «К» in «Кari»)."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise WorkshopError("Skriv inn navnet ditt.")
    if len(cleaned) > MAX_NAME:
        raise WorkshopError(f"Navnet kan ha høyst {MAX_NAME} tegn.")
    if any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in cleaned):
        raise WorkshopError("Navnet har usynlige tegn eller styretegn; skriv det inn på nytt.")
    letters = [ch for ch in cleaned if unicodedata.category(ch).startswith("L") and ch not in BLANK_LOOKING]
    if not letters or any(ch in BLANK_LOOKING for ch in cleaned):
        raise WorkshopError("Navnet ser tomt ut; skriv det inn med vanlige bokstaver.")
    if len({_script(ch) for ch in letters}) > 1:
        raise WorkshopError(
            "Navnet blander bokstaver fra ulike alfabeter (f.eks. latinsk og kyrillisk); "
            "skriv det inn på nytt."
        )
    return cleaned


def check_open(round_: dict, joining: bool = False) -> None:
    if round_["status"] != "aapen":
        if joining:  # a late joiner has given no answers to be kept
            raise WorkshopError("Runden er stengt og tar ikke imot nye deltakere.")
        raise WorkshopError("Runden er stengt, så nye svar tas ikke imot. Svarene du ga, er lagret.")


class NameTaken(WorkshopError):
    """Another browser has joined under this name."""


def opened(round_: dict) -> list[str]:
    """The areas a participant may answer: all of them, or in a paced round those up to the
    furthest the facilitator has shown (a phone still on an area the round has just left, forward
    or back, keeps its answer)."""
    areas = round_["omrader"]
    if not round_["styrt"]:
        return areas
    furthest = round_.get("lengst") or round_["aktivt"]
    return areas[: max(areas.index(round_["aktivt"]), areas.index(furthest)) + 1]


def neighbour(round_: dict, step: int) -> str | None:
    """The area `step` places from the active one in a paced round, or None past either end."""
    areas = round_["omrader"]
    at = areas.index(round_["aktivt"]) + step
    return areas[at] if 0 <= at < len(areas) else None


# Fewer answers than this to an area of an anonymous round, and the wall shows no values for it:
# with one or two answers, the score is someone's own (the same rule holds on /samarbeid).
MIN_SHOWN = queries.ANONYMOUS_MIN_ANSWERS


def results_visible(round_: dict) -> bool:
    """Whether a round's results may be shown anywhere (wall, facilitator, /samarbeid, exports,
    CLI): once revealed, or, for a round set not to hide them, once it is open."""
    return round_["status"] == "avslort" or not round_.get("skjul", True)


NOT_REVEALED = "Resultatet vises når ordstyreren avslører det."


# What a result table holds beside the values that must not show for too few answers.
_KEPT = ("omrade_id", "navn", "deltakere", "rang")


def shown(table: pd.DataFrame, anonymous: bool, hidden: bool = False) -> pd.DataFrame:
    """The results as the projector may show them: in an anonymous round an item with fewer than
    MIN_SHOWN answers keeps its count but not its values or rank, and the others are ranked
    among themselves, so no gap in the ranks gives a withheld score away; `hidden` (before the
    facilitator reveals them) keeps only the counts. Ranks follow the scores as shown (one
    decimal): two scores shown the same share a rank."""
    out = table.copy()
    few = (out["deltakere"] < MIN_SHOWN) if anonymous else pd.Series(False, index=out.index)
    few = few | hidden
    out.loc[few, [c for c in out.columns if c not in _KEPT]] = np.nan
    kept = out["median"].where(~few).astype(float).round(SHOWN_DECIMALS)
    out["rang"] = kept.rank(method="min", ascending=False).astype("Int64")
    if hidden:  # the order would give the hidden ranking away: alphabetical until the reveal
        return out.sort_values("navn", key=lambda s: s.str.casefold())
    return out.sort_values(["rang", "navn"], na_position="last")


SHOWN_DECIMALS = 1


def alternative_results(answers: pd.DataFrame, round_: dict, names: dict[str, str]) -> pd.DataFrame:
    """Per alternative of a round that scores them: participants, the median per criterion
    (−4 … +4 against the zero alternative), the points (the sum of the effect criteria's
    medians, as the alternatives page adds them: implementation risk is judged, not added), the
    spread and the rank (equal points share a rank)."""
    items, criteria = round_["omrader"], round_["kriterier"]
    out = pd.DataFrame({"omrade_id": items, "navn": [names.get(a, a) for a in items]}).set_index("omrade_id")
    if answers.empty:
        grouped = None
        out["deltakere"] = 0
    else:
        grouped = answers.groupby(["omrade_id", "kriterium"])["poeng"]
        out["deltakere"] = (
            answers.groupby("omrade_id")["vurderer"].nunique().reindex(items).fillna(0).astype(int)
        )
    median = (
        grouped.median().unstack().reindex(index=items, columns=criteria)
        if grouped is not None
        else pd.DataFrame(np.nan, index=items, columns=criteria)
    )
    spread = (
        (grouped.max() - grouped.min()).unstack().reindex(index=items, columns=criteria)
        if grouped is not None
        else median.copy()
    )
    effects = [c for c in criteria if c in options.EFFECT_CRITERIA]
    out["median"] = median[effects].sum(axis=1, min_count=1) if effects else np.nan
    out["spredning"] = spread.mean(axis=1)
    for c in criteria:
        out[c] = median[c]
    out["rang"] = out["median"].round(9).rank(method="min", ascending=False).astype("Int64")
    return out.reset_index().sort_values(["rang", "navn"], na_position="last")


def wall_table(table: pd.DataFrame, round_: dict | None = None) -> pd.DataFrame:
    """The results as the wall shows them: Norwegian numbers, the answers per item, «–» where an
    item has no shown score yet; for the alternatives, the median per criterion too."""
    if round_ is not None and subject(round_) == ALTERNATIVES:
        criteria = options.CRITERIA
        return pd.DataFrame(
            {
                "Rang": [("–" if pd.isna(r) else str(int(r))) for r in table["rang"]],
                "Alternativ": table["navn"].to_numpy(),
                "Svar": table["deltakere"].astype(int).astype(str).to_numpy(),
                "Poeng (sum)": [signed_score(v) for v in table["median"]],
                **{criteria[c]: [signed_score(v) for v in table[c]] for c in round_["kriterier"]},
                "Uenighet (0–8)": [formatting.number(v, 1) for v in table["spredning"]],
            }
        )
    return pd.DataFrame(
        {
            "Rang": [("–" if pd.isna(r) else str(int(r))) for r in table["rang"]],
            "Område": table["navn"].to_numpy(),
            "Svar": table["deltakere"].astype(int).astype(str).to_numpy(),
            "Poeng (1–5)": [formatting.number(v, 1) for v in table["median"]],
            "Uenighet (0–4)": [formatting.number(v, 1) for v in table["spredning"]],
        }
    )


def signed_score(value: float) -> str:
    """«+1,5», «−2», «0»: a score against the zero alternative with its sign (the wall's medians
    and the phone's buttons)."""
    if pd.isna(value):
        return formatting.MISSING
    text = formatting.number(value, 0 if float(value).is_integer() else 1)
    return f"+{text}" if value > 0 else text


def export_sheets(table: pd.DataFrame, round_: dict) -> dict[str, pd.DataFrame]:
    """The round's results for Excel while the app runs: per item, never a person's own scores
    (those of a named round are on /samarbeid once it is closed)."""
    shown_table = shown(table, round_["anonym"])
    alternatives = subject(round_) == ALTERNATIVES
    return {
        "Resultat": pd.DataFrame(
            {
                ITEM_WORD[subject(round_)]: shown_table["navn"].to_numpy(),
                "Svar": shown_table["deltakere"].to_numpy(),
                ("Poeng (sum, −4 … +4 per kriterium)" if alternatives else "Poeng (1–5)"): shown_table[
                    "median"
                ]
                .round(2)
                .to_numpy(),
                **(
                    {options.CRITERIA[c]: shown_table[c].round(2).to_numpy() for c in round_["kriterier"]}
                    if alternatives
                    else {}
                ),
                "Uenighet": shown_table["spredning"].round(2).to_numpy(),
                "Rang": shown_table["rang"].to_numpy(),
            }
        ),
        "Runde": pd.DataFrame(
            {
                "Felt": ["Navn", "Vurderer", "Kode", "Status", "Anonym", "Tempo"],
                "Verdi": [
                    round_["navn"],
                    SUBJECTS[subject(round_)],
                    round_["kode"],
                    STATUS[round_["status"]],
                    "ja" if round_["anonym"] else "nei",
                    "ordstyreren styrer" if round_["styrt"] else "hver i sitt tempo",
                ],
            }
        ),
    }


def choices(round_: dict) -> list[int]:
    low, high = SCALES[subject(round_)]
    return list(range(low, high + 1))


def now_text(round_: dict, names: dict[str, str], counts: dict[str, int]) -> str:
    """«Nå: Felles ledelse (2 av 10) · **7 av 12** har svart» (markdown) for a paced round."""
    area = round_["aktivt"]
    position = round_["omrader"].index(area) + 1
    return (
        f"Nå: {formatting.markdown_text(names[area])} ({position} av {len(round_['omrader'])}) · "
        f"**{formatting.number(counts['svart'])} av {formatting.number(counts['deltakere'])}** har svart"
    )
