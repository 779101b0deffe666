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
from brannsam.data import queries

# No 0/O, 1/I/L: a code read from a projector is typed right the first time.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_NAME = 60
STATUS = {"aapen": "åpen", "lukket": "stengt", "avslort": "avslørt"}
RESULT_HEADER = ["omrade_id", "deltakere", "median", "spredning", "rang"]


class WorkshopError(ValueError):
    """Something a participant or the facilitator must be told, in Norwegian."""


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalised_code(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "").upper()


def same_name(name: str) -> str:
    """How two names are compared: «Kari Nordmann», «kari  nordmann» and «KARI NORDMANN» are the
    same, and so are the composed and decomposed forms of «Ø»."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


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


def shown(table: pd.DataFrame, anonymous: bool, hidden: bool = False) -> pd.DataFrame:
    """The results as the projector may show them: in an anonymous round an area with fewer than
    MIN_SHOWN answers keeps its count but not its score, spread or rank; `hidden` (before the
    facilitator reveals them) keeps only the counts."""
    if not anonymous and not hidden:
        return table
    out = table.copy()
    few = (out["deltakere"] < MIN_SHOWN) if anonymous else pd.Series(False, index=out.index)
    few = few | hidden
    out.loc[few, ["median", "spredning"]] = np.nan
    out["rang"] = out["rang"].astype("Int64").mask(few)
    if hidden:  # the order would give the hidden ranking away: alphabetical until the reveal
        out = out.sort_values("navn", key=lambda s: s.str.casefold())
    return out


def wall_table(table: pd.DataFrame) -> pd.DataFrame:
    """The results as the wall shows them: Norwegian numbers, the answers per area, «–» where an
    area has no shown score yet."""
    return pd.DataFrame(
        {
            "Rang": [("–" if pd.isna(r) else str(int(r))) for r in table["rang"]],
            "Område": table["navn"].to_numpy(),
            "Svar": table["deltakere"].astype(int).astype(str).to_numpy(),
            "Poeng (1–5)": [formatting.number(v, 1) for v in table["median"]],
            "Uenighet (0–4)": [formatting.number(v, 1) for v in table["spredning"]],
        }
    )


def export_sheets(table: pd.DataFrame, round_: dict) -> dict[str, pd.DataFrame]:
    """The round's results for Excel while the app runs: per area, never a person's own scores
    (those of a named round are on /samarbeid once it is closed)."""
    shown_table = shown(table, round_["anonym"])
    return {
        "Resultat": pd.DataFrame(
            {
                "Område": shown_table["navn"].to_numpy(),
                "Svar": shown_table["deltakere"].to_numpy(),
                "Poeng (1–5)": shown_table["median"].round(2).to_numpy(),
                "Uenighet": shown_table["spredning"].round(2).to_numpy(),
                "Rang": shown_table["rang"].to_numpy(),
            }
        ),
        "Runde": pd.DataFrame(
            {
                "Felt": ["Navn", "Kode", "Status", "Anonym", "Tempo"],
                "Verdi": [
                    round_["navn"],
                    round_["kode"],
                    STATUS[round_["status"]],
                    "ja" if round_["anonym"] else "nei",
                    "ordstyreren styrer" if round_["styrt"] else "hver i sitt tempo",
                ],
            }
        ),
    }


def now_text(round_: dict, names: dict[str, str], counts: dict[str, int]) -> str:
    """«Nå: Felles ledelse (2 av 10) · **7 av 12** har svart» (markdown) for a paced round."""
    area = round_["aktivt"]
    position = round_["omrader"].index(area) + 1
    return (
        f"Nå: {formatting.markdown_text(names[area])} ({position} av {len(round_['omrader'])}) · "
        f"**{formatting.number(counts['svart'])} av {formatting.number(counts['deltakere'])}** har svart"
    )
