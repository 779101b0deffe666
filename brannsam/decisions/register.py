"""The register of what the councils decided on the study: each municipality's status (ja, nei,
utsatt, ikke behandlet), date, case number, the cost ceiling it adopted and its conditions.

Registrations are appended and never changed but to mark them undone, so the history says who
registered what and when, and an undo takes back one registration or one imported file whole.
A municipality's decision is its latest registration that is not undone; one never registered
has not treated the case («ikke behandlet»).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import duckdb
import openpyxl
import pandas as pd
from openpyxl.worksheet.datavalidation import DataValidation

from brannsam import formatting as fmt
from brannsam.data import columns, dataversion
from brannsam.imports import files

STATUSES = ("ja", "nei", "utsatt", "ikke behandlet")
UNTREATED = "ikke behandlet"
EARLIEST = dt.date(2024, 1, 1)  # the study began in 2024: no decision on it is older
MAX_CASE = 40
MAX_CONDITIONS = 500
MAX_CEILING = 10_000_000_000
TEMPLATE_SHEET = "Vedtak"
TEMPLATE_COLUMNS = ["kommunenummer", "kommune", "status", "dato", "sak", "tak_kr", "vilkar"]
HEADERS = {
    "kommunenummer": "Kommunenr.",
    "kommune": "Kommune",
    "status": "Status",
    "dato": "Dato",
    "sak": "Saksnummer",
    "tak_kr": "Kostnadstak (kr)",
    "vilkar": "Vilkår",
    "registrert": "Registrert",
    "registrert_av": "Registrert av",
}


class DecisionError(ValueError):
    """A decision that cannot be registered, said in Norwegian; nothing was written."""


@dataclass(frozen=True)
class Decision:
    kommunenummer: str
    status: str
    dato: dt.date | None = None
    sak: str | None = None
    tak_kr: int | None = None
    vilkar: str | None = None


def _date(value: object, today: dt.date) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = str(value).strip()
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        try:
            value = (
                dt.date(int(match[3]), int(match[2]), int(match[1])) if match else dt.date.fromisoformat(text)
            )
        except ValueError:
            raise DecisionError(
                f"Datoen «{text[:20]}» er ikke en dato (skriv 2027-03-15 eller 15.03.2027)."
            ) from None
    if value > today:
        raise DecisionError(f"Datoen {fmt.date(value)} er etter i dag: registrer et vedtak når det er gjort.")
    if value < EARLIEST:
        raise DecisionError(f"Datoen {fmt.date(value)} er før studien begynte ({EARLIEST.year}).")
    return value


def _ceiling(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise DecisionError("Kostnadstaket må være et beløp i kroner, f.eks. 100 000.")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = re.sub(r"\s|kr\.?$", "", str(value).strip().replace("\u00a0", " ").lower())
        text = re.sub(r"\s", "", text)
        if not re.fullmatch(r"\d+([.,]\d+)?", text):
            raise DecisionError(
                f"Kostnadstaket «{str(value)[:20]}» er ikke et beløp i kroner (f.eks. 100 000)."
            )
        number = float(text.replace(",", "."))
    if not 0 <= number <= MAX_CEILING or number != number:
        raise DecisionError(f"Kostnadstaket må være mellom 0 og {fmt.kroner(MAX_CEILING)}.")
    return round(number)


def _text(value: object, what: str, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split()) if not isinstance(value, str) else value.strip()
    if not text:
        return None
    if problem := columns.text_problem(text, limit):
        raise DecisionError(f"{what} {problem}.")
    return text


def checked(
    kommunenummer: object,
    status: object,
    known: dict[str, str],
    today: dt.date,
    dato: object = None,
    sak: object = None,
    tak: object = None,
    vilkar: object = None,
) -> Decision:
    """A decision as it may be registered, or a DecisionError saying what is wrong: a municipality
    of the region, a known status, a date that has been (not before the study), a ceiling in kroner
    only with a yes."""
    nr = str(kommunenummer if kommunenummer is not None else "").strip()
    if nr.isdigit() and len(nr) == 3:
        nr = "0" + nr  # Excel drops a leading zero
    if nr not in known:
        raise DecisionError(
            f"Ukjent kommunenummer «{nr[:12]}». Bruk et av de {len(known)} i regionen, f.eks. 5001."
        )
    state = " ".join(str(status if status is not None else "").replace("_", " ").split()).lower()
    if state not in STATUSES:
        raise DecisionError(
            f"Ukjent status «{state[:20]}» for {known[nr]}. Bruk en av: {', '.join(STATUSES)}."
        )
    date = _date(dato, today)
    ceiling = _ceiling(tak)
    if ceiling is not None and state != "ja":
        raise DecisionError(f"{known[nr]}: et kostnadstak hører bare til et vedtak med status «ja».")
    if state in ("ja", "nei") and date is None:
        raise DecisionError(f"{known[nr]}: et vedtak («{state}») må ha datoen det ble gjort.")
    return Decision(
        nr,
        state,
        date,
        _text(sak, "Saksnummeret", MAX_CASE),
        ceiling,
        _text(vilkar, "Vilkårene", MAX_CONDITIONS),
    )


def record(
    con: duckdb.DuckDBPyConnection,
    decisions: list[Decision],
    who: str,
    source: str,
    now: dt.datetime | None = None,
) -> int:
    """Register `decisions` as one batch (all or none) and return its number."""
    if not decisions:
        raise DecisionError("Ingen vedtak å registrere.")
    now = now or dt.datetime.now()
    with dataversion.transaction(con):
        batch = con.execute("SELECT coalesce(max(parti), 0) + 1 FROM vedtak").fetchall()[0][0]
        first = con.execute("SELECT coalesce(max(vedtak_id), 0) + 1 FROM vedtak").fetchall()[0][0]
        con.executemany(
            "INSERT INTO vedtak VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
            [
                [
                    first + i,
                    batch,
                    d.kommunenummer,
                    d.status,
                    d.dato,
                    d.sak,
                    d.tak_kr,
                    d.vilkar,
                    who,
                    now,
                    source,
                ]
                for i, d in enumerate(decisions)
            ],
        )
    return int(batch)


def undo_last(con: duckdb.DuckDBPyConnection, who: str, now: dt.datetime | None = None) -> pd.DataFrame:
    """Take back the latest registration that is not undone (a whole imported file at once);
    returns what was undone. The rows stay in the history, marked undone, by whom and when."""
    now = now or dt.datetime.now()
    with dataversion.transaction(con):
        batch = con.execute("SELECT max(parti) FROM vedtak WHERE angret IS NULL").fetchall()[0][0]
        if batch is None:
            raise DecisionError("Det er ingen registrering å angre.")
        undone = con.execute(
            "SELECT kommunenummer, status FROM vedtak WHERE parti = ? ORDER BY vedtak_id", [batch]
        ).df()
        con.execute("UPDATE vedtak SET angret = ?, angret_av = ? WHERE parti = ?", [now, who, batch])
    return undone


def current(con: duckdb.DuckDBPyConnection, kommuner: pd.DataFrame) -> pd.DataFrame:
    """Every municipality's decision as it stands (TEMPLATE_COLUMNS and when and by whom)."""
    latest = con.execute(
        """
        SELECT kommunenummer, status, dato, sak, tak_kr, vilkar, registrert, registrert_av
        FROM vedtak WHERE angret IS NULL
        QUALIFY row_number() OVER (PARTITION BY kommunenummer ORDER BY vedtak_id DESC) = 1
        """
    ).df()
    out = kommuner[["kommunenummer", "kommunenavn"]].rename(columns={"kommunenavn": "kommune"})
    out = out.merge(latest, on="kommunenummer", how="left")
    out["status"] = out["status"].fillna(UNTREATED)
    out["tak_kr"] = out["tak_kr"].astype("Int64")
    return out.sort_values("kommunenummer").reset_index(drop=True)


def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every registration, newest first, with whether and by whom it was undone."""
    return con.execute(
        """
        SELECT parti, kommunenummer, status, dato, sak, tak_kr, vilkar, registrert, registrert_av, kilde,
               angret, angret_av
        FROM vedtak ORDER BY vedtak_id DESC
        """
    ).df()


def changed(decisions: list[Decision], now: pd.DataFrame) -> list[Decision]:
    """The decisions that differ from the register as it stands (`current`): a template filled
    from the register and sent back with one new row registers that row, not forty."""
    held = now.set_index("kommunenummer")

    def same(d: Decision) -> bool:
        row = held.loc[d.kommunenummer]
        date = None if pd.isna(row["dato"]) else pd.Timestamp(row["dato"]).date()
        ceiling = None if pd.isna(row["tak_kr"]) else int(row["tak_kr"])
        text = [None if pd.isna(row[c]) else row[c] for c in ("sak", "vilkar")]
        return (d.status, d.dato, d.sak, d.tak_kr, d.vilkar) == (
            row["status"],
            date,
            text[0],
            ceiling,
            text[1],
        )

    return [d for d in decisions if not same(d)]


def read_template(
    filename: str, data: bytes, known: dict[str, str], today: dt.date
) -> tuple[list[Decision], list[str]]:
    """The decisions of a filled template (xlsx with the sheet «Vedtak», or CSV with the same
    columns): rows without a status are skipped (not decided yet), every other row is checked,
    and one problem refuses the whole file."""
    rows, problems = files.named_sheet(filename, data, TEMPLATE_SHEET)
    if problems:
        return [], problems
    if not rows:
        return [], ["Fila har ingen rader."]
    header = [str(h or "").strip().lower() for h in rows[0]]
    wanted = {**{v.lower(): k for k, v in HEADERS.items()}, **{k: k for k in TEMPLATE_COLUMNS}}
    positions = {wanted[h]: i for i, h in enumerate(header) if h in wanted}
    missing = [HEADERS[c] for c in ("kommunenummer", "status") if c not in positions]
    if missing:
        return [], [f"Fila mangler kolonnen {', '.join(missing)}. Bruk malen fra siden Vedtak."]
    decisions: list = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):

        def cell(name: str, row: list = row) -> object:
            at = positions.get(name)
            return row[at] if at is not None and at < len(row) else None

        if all(v in (None, "") for v in row) or cell("status") in (None, ""):
            continue
        try:
            decision = checked(
                cell("kommunenummer"),
                cell("status"),
                known,
                today,
                cell("dato"),
                cell("sak"),
                cell("tak_kr"),
                cell("vilkar"),
            )
        except DecisionError as err:
            problems.append(f"Rad {number}: {err}")
            continue
        if decision.kommunenummer in seen:
            problems.append(
                f"Rad {number}: {known[decision.kommunenummer]} står også på rad "
                f"{seen[decision.kommunenummer]}."
            )
            continue
        seen[decision.kommunenummer] = number
        decisions.append(decision)
    if not decisions and not problems:
        problems.append(
            "Fila har ingen rader med status: fyll inn status for kommunene som har behandlet saken."
        )
    return ([], problems) if problems else (decisions, [])


def template(decisions: pd.DataFrame) -> bytes:
    """The template to fill in: one row per municipality with its decision so far, the status as
    a drop-down list, and a sheet that says how."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = TEMPLATE_SHEET
    sheet.append([HEADERS[c] for c in TEMPLATE_COLUMNS])
    for row in decisions.itertuples():
        sheet.append(
            [
                row.kommunenummer,
                row.kommune,
                row.status,
                row.dato if isinstance(row.dato, dt.date) and not pd.isna(row.dato) else None,
                None if pd.isna(row.sak) else row.sak,
                None if pd.isna(row.tak_kr) else int(row.tak_kr),
                None if pd.isna(row.vilkar) else row.vilkar,
            ]
        )
    last = len(decisions) + 1
    choice = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    choice.add(f"C2:C{last}")
    sheet.add_data_validation(choice)
    for cell in sheet[f"A2:A{last}"]:
        cell[0].number_format = "@"
    for cell in sheet[f"D2:D{last}"]:
        cell[0].number_format = "dd.mm.yyyy"
    for cell in sheet[f"F2:F{last}"]:
        cell[0].number_format = '#,##0 "kr"'
    for letter, width in zip("ABCDEFG", (12, 20, 16, 12, 16, 18, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    guide = book.create_sheet("Veiledning")
    for line in (
        "Fyll inn status for hver kommune som har behandlet saken: ja, nei, utsatt eller ikke behandlet.",
        "Et vedtak «ja» eller «nei» må ha datoen det ble gjort. Kostnadstaket (kr) hører bare til «ja».",
        "La status stå uendret for kommuner som ikke har behandlet saken; rader uten status hoppes over.",
        "Last fila opp på siden Vedtak, eller: python -m brannsam vedtak importer FIL.",
    ):
        guide.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def history_shown(history: pd.DataFrame) -> pd.DataFrame:
    """The history in Norwegian for the page: one row per registration, what was undone marked."""
    out = history.rename(
        columns=HEADERS
        | {"parti": "Registrering", "kilde": "Hvordan", "angret": "Angret", "angret_av": "Angret av"}
    )
    out["Dato"] = out["Dato"].map(lambda d: f"{d:%d.%m.%Y}" if pd.notna(d) else "")
    out["Registrert"] = out["Registrert"].map(lambda d: f"{d:%d.%m.%Y %H:%M}")
    out["Angret"] = out["Angret"].map(lambda d: f"{d:%d.%m.%Y %H:%M}" if pd.notna(d) else "")
    out["Kostnadstak (kr)"] = out["Kostnadstak (kr)"].map(lambda v: "" if pd.isna(v) else fmt.kroner(v))
    return out.astype(object).fillna("")
