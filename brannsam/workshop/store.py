"""Workshop rounds' reads and writes: the facilitator opens a round, participants join with its
code from their phones and score one cooperation area (1–5 per criterion) or one of the study's
alternatives (−4 … +4 on the non-priced criteria) at a time; each answer is saved when given, so
a dropped connection or a reload loses nothing. Closed rounds flow into /samarbeid as assessors,
or into the alternatives' non-priced scores. The rules that need no database are in `rounds`;
what the answers add up to (counts and results) is read in `tally`."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from brannsam.data import columns, dataversion, paths
from brannsam.funding import options
from brannsam.workshop import names, rounds
from brannsam.workshop.names import same_name, same_person
from brannsam.workshop.rounds import (
    ALTERNATIVES,
    AREAS,
    MAX_NAME,
    SCALES,
    STATUS,
    NameTaken,
    WorkshopError,
    check_open,
    clean_name,
    new_code,
    normalised_code,
    opened,
    subject,
)


def create(
    con: duckdb.DuckDBPyConnection,
    name: str,
    areas: list[str],
    criteria: list[str] | None = None,
    anonymous: bool = True,
    paced: bool = False,
    hidden: bool = True,
    subject_: str = AREAS,
) -> str:
    """A new, open round; returns its join code. The name is cleaned and limited like a
    participant's (it reaches every phone). A `paced` round starts everyone on its first area
    and moves on when the facilitator does. A `hidden` round (the default) shows its results
    nowhere until the facilitator reveals them. With `subject_` ALTERNATIVES, `areas` are the
    study's alternatives (never the zero alternative: the others are scored against it)."""
    name = " ".join((name or "").split())
    if not name:
        raise WorkshopError("Gi runden et navn.")
    if problem := columns.text_problem(name, MAX_NAME):
        raise WorkshopError(f"Rundens navn {problem}.")
    if subject_ not in SCALES:
        raise WorkshopError(f"Ukjent tema for runden: «{subject_}».")
    word = "samarbeidsområde" if subject_ == AREAS else "alternativ"
    known = set(item_names(con, subject_))
    unknown = [a for a in areas if a not in known]
    if unknown or not areas:
        raise WorkshopError(f"Ukjent {word}: {', '.join(unknown) or 'ingen valgt'}.")
    if len(set(areas)) != len(areas):
        raise WorkshopError(f"Et {word} er valgt to ganger; hvert kan være med én gang.")
    allowed = rounds.criteria_of(subject_)
    criteria = criteria or list(allowed)
    if any(c not in allowed for c in criteria) or len(set(criteria)) != len(criteria):
        raise WorkshopError("Ukjent eller gjentatt kriterium.")
    with dataversion.transaction(con):
        names = {same_name(r[0]) for r in con.execute("SELECT navn FROM verksted_runde").fetchall()}
        if same_name(name) in names:
            raise WorkshopError(
                f"En runde heter allerede «{name}». Gi den nye runden et annet navn (f.eks. med dato)."
            )
        taken = {r[0] for r in con.execute("SELECT kode FROM verksted_runde").fetchall()}
        code = next(c for c in iter(new_code, None) if c not in taken)
        con.execute(
            """
            INSERT INTO verksted_runde
                (kode, navn, omrader, kriterier, anonym, status, opprettet, styrt, aktivt_omrade,
                 lengst_omrade, skjul, gjelder)
            VALUES (?, ?, ?, ?, ?, 'aapen', ?, ?, ?, ?, ?, ?)
            """,
            [
                code,
                name,
                json.dumps(areas),
                json.dumps(criteria),
                anonymous,
                dt.datetime.now(),
                paced,
                areas[0] if paced else None,
                areas[0] if paced else None,
                hidden,
                subject_,
            ],
        )
    return code


def item_names(con: duckdb.DuckDBPyConnection, subject_: str = AREAS) -> dict[str, str]:
    """What a round of this subject may score: id -> Norwegian name."""
    if subject_ == ALTERNATIVES:
        rows = con.execute(
            "SELECT alternativ_id, navn FROM alternativ WHERE alternativ_id <> ? ORDER BY rowid",
            [options.ZERO],
        ).fetchall()
    else:
        rows = con.execute("SELECT omrade_id, navn FROM samarbeidsomrade ORDER BY rowid").fetchall()
    return dict(rows)


def info(con: duckdb.DuckDBPyConnection, code: str) -> dict:
    """The round behind a code, or a Norwegian message for a wrong or removed code."""
    rows = con.execute(
        """
        SELECT kode, navn, omrader, kriterier, anonym, status, styrt, aktivt_omrade, lengst_omrade, skjul,
               gjelder, stengt
        FROM verksted_runde WHERE kode = ?
        """,
        [normalised_code(code)],
    ).fetchall()
    if not rows:
        raise WorkshopError("Fant ingen runde med den koden. Sjekk koden på lerretet.")
    code, name, areas, criteria, anonymous, status, paced, active, furthest, hidden, about, closed = rows[0]
    return {
        "kode": code,
        "navn": name,
        "omrader": json.loads(areas),
        "kriterier": json.loads(criteria),
        "anonym": anonymous,
        "status": status,
        "styrt": paced,
        "aktivt": active,
        "lengst": furthest or active,
        "skjul": bool(hidden),
        "gjelder": about,
        "stengt": closed,
    }


def all_rounds(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        """
        SELECT r.kode, r.navn, r.status, r.anonym, r.opprettet, r.gjelder, count(DISTINCT d.navn) AS deltakere
        FROM verksted_runde r LEFT JOIN verksted_deltaker d USING (kode)
        GROUP BY ALL ORDER BY r.opprettet DESC
        """
    ).df()


def _secret() -> bytes:
    """The key anonymous rounds hash names with (made on first use, readable by this user only),
    read from disk once per database."""
    return _secret_at(paths.workshop_secret_path())


@functools.cache
def _secret_at(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(secrets.token_bytes(32))
    return path.read_bytes()


def _same(stored: str, hashes: str | None, name: str, mine: frozenset[str] | None) -> bool:
    """Whether a stored participant is the person `name` names: by the keyed hashes (`mine`,
    the name's) in an anonymous round, whose names are not stored; by the names otherwise."""
    if mine is not None and hashes:
        return bool(set(json.loads(hashes)) & mine)
    return same_person(stored, name)


def identity(con: duckdb.DuckDBPyConnection, round_: dict, name: str) -> str:
    """What the round stores for `name`: the name (cleaned), or in an anonymous round the
    pseudonym of the participant it names (a pseudonym given is taken as it is)."""
    if names.is_pseudonym(name):
        return name
    name = clean_name(name)
    if not round_["anonym"]:
        return name
    mine = names.keyed(name, _secret())
    rows = con.execute(
        "SELECT navn, nokler FROM verksted_deltaker WHERE kode = ?", [round_["kode"]]
    ).fetchall()
    found = [stored for stored, hashes in rows if _same(stored, hashes, name, mine)]
    return found[0] if found else names.pseudonym(mine)


def join(
    con: duckdb.DuckDBPyConnection, code: str, name: str, belonging: str | None, key: str | None = None
) -> list[str]:
    """Join an open round, or continue in it from the browser that joined (the same `key`, which
    the page keeps in the link); returns the areas already answered. A name is the same
    whatever its case, spacing, Unicode form or look-alike letters, and another browser cannot
    take it over. An anonymous round stores a keyed hash of the name, never the name."""
    round_ = info(con, code)
    check_open(round_, joining=True)
    name = clean_name(name)
    anonymous = bool(round_["anonym"])
    mine = names.keyed(name, _secret()) if anonymous else None
    # An open round's participants and answers are read fresh, never from a cache: no version.
    with dataversion.transaction(con, moves_version=False):
        taken = con.execute(
            "SELECT navn, nokkel, nokler FROM verksted_deltaker WHERE kode = ?", [round_["kode"]]
        ).fetchall()
        same = [(stored, k) for stored, k, hashes in taken if _same(stored, hashes, name, mine)]
        if same:
            stored, stored_key = same[0]
            if stored_key != key:
                raise NameTaken(
                    f"Navnet «{name if anonymous else stored}» er allerede med i runden fra en annen mobil. "
                    "Fortsett på den, eller skriv navnet ditt med etternavn eller initialer."
                )
            name = stored
        else:
            if mine:
                name = names.pseudonym(mine)
            con.execute(
                """
                INSERT INTO verksted_deltaker (kode, navn, tilhorighet, ble_med, nokkel, nokler)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    round_["kode"],
                    name,
                    belonging,
                    dt.datetime.now(),
                    key,
                    json.dumps(sorted(mine)) if mine else None,
                ],
            )
    return answered(con, round_["kode"], name)


def participant_by_key(con: duckdb.DuckDBPyConnection, code: str, key: str) -> str | None:
    """The name this browser joined under (None when the key is not this round's)."""
    rows = con.execute(
        "SELECT navn FROM verksted_deltaker WHERE kode = ? AND nokkel = ?", [normalised_code(code), key]
    ).fetchall()
    return rows[0][0] if rows else None


def key_held(con: duckdb.DuckDBPyConnection, code: str, key: str) -> bool:
    """Whether the browser that joined with `key` has shown it in its cookie since: the key is
    then that browser's, and a link carrying it opened elsewhere is refused."""
    rows = con.execute(
        "SELECT holdt FROM verksted_deltaker WHERE kode = ? AND nokkel = ?", [normalised_code(code), key]
    ).fetchall()
    return bool(rows and rows[0][0])


def hold_key(con: duckdb.DuckDBPyConnection, code: str, key: str) -> None:
    """Mark `key` as held by the browser whose cookie carries it (no cached read shows it)."""
    with dataversion.transaction(con, moves_version=False):
        con.execute(
            "UPDATE verksted_deltaker SET holdt = TRUE WHERE kode = ? AND nokkel = ? AND NOT holdt",
            [normalised_code(code), key],
        )


def answered(con: duckdb.DuckDBPyConnection, code: str, name: str) -> list[str]:
    """Areas this participant has scored on every criterion of the round."""
    round_ = info(con, code)
    rows = con.execute(
        """
        SELECT omrade_id FROM verksted_svar WHERE kode = ? AND navn = ?
        GROUP BY omrade_id HAVING count(*) >= ?
        """,
        [round_["kode"], identity(con, round_, name), len(round_["kriterier"])],
    ).fetchall()
    done = {r[0] for r in rows}
    return [a for a in round_["omrader"] if a in done]


def answer(
    con: duckdb.DuckDBPyConnection, code: str, name: str, area: str, scores: Mapping[str, Any]
) -> None:
    """Save one area's scores (replacing this participant's earlier scores for it)."""
    round_ = info(con, code)
    check_open(round_)
    name = identity(con, round_, name)
    if area not in round_["omrader"]:
        raise WorkshopError("Området er ikke med i denne runden.")
    if area not in opened(round_):
        raise WorkshopError("Ordstyreren har ikke åpnet dette området ennå.")
    missing = [c for c in round_["kriterier"] if scores.get(c) is None]
    if missing:
        labels = rounds.criteria_of(subject(round_))
        raise WorkshopError("Gi poeng på alle kriteriene: " + ", ".join(labels[c] for c in missing) + ".")
    low, high = SCALES[subject(round_)]
    for criterion in round_["kriterier"]:
        value = scores[criterion]
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
            raise WorkshopError(f"Poengene skal være hele tall fra {rounds.SCALE_TEXT[subject(round_)]}.")
    now = dt.datetime.now()
    with dataversion.transaction(con, moves_version=False):
        joined = con.execute(
            "SELECT 1 FROM verksted_deltaker WHERE kode = ? AND navn = ?", [round_["kode"], name]
        ).fetchall()
        if not joined:
            raise WorkshopError("Bli med i runden med navnet ditt først.")
        # One statement for the area's criteria: a quarter of the time of one per criterion, and
        # the phones of a hall queue behind this write.
        con.execute(
            """
            INSERT INTO verksted_svar
            SELECT ?, ?, ?, unnest(?::VARCHAR[]), unnest(?::INTEGER[]), ?
            ON CONFLICT DO UPDATE SET poeng = excluded.poeng, endret = excluded.endret
            """,
            [
                round_["kode"],
                name,
                area,
                round_["kriterier"],
                [int(scores[c]) for c in round_["kriterier"]],
                now,
            ],
        )


def my_scores(con: duckdb.DuckDBPyConnection, code: str, name: str, area: str) -> dict[str, int]:
    """This participant's stored scores for one item (to change an answer from where it was)."""
    round_ = info(con, code)
    rows = con.execute(
        "SELECT kriterium, poeng FROM verksted_svar WHERE kode = ? AND navn = ? AND omrade_id = ?",
        [round_["kode"], identity(con, round_, name), area],
    ).fetchall()
    return {criterion: int(points) for criterion, points in rows}


def last_saved(con: duckdb.DuckDBPyConnection, code: str, name: str) -> tuple[str, dt.datetime] | None:
    """The item this participant's latest stored answer is for, and when it was stored."""
    round_ = info(con, code)
    rows = con.execute(
        "SELECT omrade_id, max(endret) AS t FROM verksted_svar WHERE kode = ? AND navn = ? "
        "GROUP BY omrade_id ORDER BY t DESC LIMIT 1",
        [round_["kode"], identity(con, round_, name)],
    ).fetchall()
    return (rows[0][0], rows[0][1]) if rows else None


def set_status(con: duckdb.DuckDBPyConnection, code: str, status: str) -> None:
    if status not in STATUS:
        raise WorkshopError(f"Ukjent status «{status}».")
    round_ = info(con, code)
    with dataversion.transaction(con):
        con.execute("UPDATE verksted_runde SET status = ? WHERE kode = ?", [status, round_["kode"]])
        if status == "lukket" or (status == "avslort" and round_["status"] == "aapen"):
            # the date the round's scores carry: when the answers stopped
            con.execute(
                "UPDATE verksted_runde SET stengt = ? WHERE kode = ?", [dt.datetime.now(), round_["kode"]]
            )


def set_hidden(con: duckdb.DuckDBPyConnection, code: str, hidden: bool) -> None:
    """Whether the round's results stay hidden until the reveal: the round's own setting, read
    by every page, export and command, never a link parameter."""
    round_ = info(con, code)
    with dataversion.transaction(con):
        con.execute("UPDATE verksted_runde SET skjul = ? WHERE kode = ?", [bool(hidden), round_["kode"]])


def move_to(con: duckdb.DuckDBPyConnection, code: str, area: str, from_area: str | None = None) -> str:
    """The facilitator moves everyone in a paced round from `from_area` to `area`; returns the
    area active afterwards. Idempotent: a second click of the same button (the round is already
    on `area`, or no longer on `from_area`) changes nothing, so a double click never skips an
    area. The furthest area reached is kept: answers up to it are still taken after a step back.
    No cached read shows the active area (the phones and the wall read it fresh), so the data
    version stays."""
    round_ = info(con, code)
    if not round_["styrt"]:
        raise WorkshopError("Runden styres ikke av ordstyreren; deltakerne går i sitt eget tempo.")
    if area not in round_["omrader"]:
        raise WorkshopError("Området er ikke med i denne runden.")
    with dataversion.transaction(con, moves_version=False):
        now = con.execute(
            "SELECT aktivt_omrade, lengst_omrade FROM verksted_runde WHERE kode = ?", [round_["kode"]]
        ).fetchall()[0]
        active, furthest = now[0], now[1] or now[0]
        if active == area or (from_area is not None and active != from_area):
            return active
        areas = round_["omrader"]
        furthest = max(furthest, area, key=areas.index)
        con.execute(
            "UPDATE verksted_runde SET aktivt_omrade = ?, lengst_omrade = ? WHERE kode = ?",
            [area, furthest, round_["kode"]],
        )
    return area


def remove(con: duckdb.DuckDBPyConnection, code: str) -> None:
    """Remove a round and its answers (they leave /samarbeid with it)."""
    round_ = info(con, code)
    with dataversion.transaction(con):
        for table in ("verksted_svar", "verksted_deltaker", "verksted_runde"):
            con.execute(f"DELETE FROM {table} WHERE kode = ?", [round_["kode"]])
