"""Build data/brannsam.duckdb from the source files, atomically.

The database is written to a temporary file beside the target and renamed over it only when
everything succeeded, so a failed build never leaves a half-written database and never
destroys the previous one. User data (saved scenarios, the import log) is carried over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import duckdb
import pandas as pd

from brannsam.data import alternative_sources, database_file, ground_sources, paths, queries, sources
from brannsam.data.services import (
    DEFAULT_STRUCTURE,
    DSB_EXTRACT_YEAR,
    STRUCTURES,
    slug,
    station_category,
    structure_name,
)
from brannsam.estimates import estimates, kontroll
from brannsam.imports import importer
from brannsam.risk import checks, coverage, duty, indicators, nearest, network, population

SCHEMA_VERSION = 23  # 2: imports; 3: data version, archive; 4: staffing model, kontroll; 5: workshop;
# 6: settlements without a known point stay unplaced; 7: a workshop participant's browser key;
# 8: facilitator-paced workshop rounds; 9: the study's alternatives; 10: milestones;
# 11: published staffing, dense places, land links, tunnels, a paced round's furthest area;
# 12: an alternative's one-offs per duty-officer zone; 13: the councils' decisions;
# 14: the status letters; 15: a fixed link's road length; 16: the municipal centres;
# 17: airports, tunnels counted by length; 18: a round's results hidden until the reveal;
# 19: workshop rounds that score the alternatives; a participant's key held by its browser;
# a saved scenario's short code; 20: what each rule's threshold rests on (regel.terskel_grunnlag);
# 21: stations outside the region near its border (nabostasjon); 22: what a source disputes about a
# tunnel (tunnel.merknad); 23: parts of a municipality with a published population (delomrade)
SCHEMA = paths.ROOT / "brannsam" / "data" / "schema.sql"
USER_TABLES = (
    "scenario",
    "importlogg",
    "samarbeidsvurdering",
    "samarbeidsgevinst",
    "arkiv",
    "verksted_runde",
    "verksted_deltaker",
    "verksted_svar",
    "vedtak",
    "infoskriv",
)
BORDERS_FILE = "kommuner.geojson"
BORDERS_SOURCE = (
    "Kartverket «Basisdata Kommuner» 2024 via robhop/fylker-og-kommuner (© Kartverket, CC BY 4.0)"
)
STATIONS_SOURCE_YEAR = DSB_EXTRACT_YEAR


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_current(path: Path) -> bool:
    """Whether `path` holds a database of this schema version (an older one is rebuilt)."""
    if not path.exists():
        return False
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        return database_file.is_lock_error(err)  # held by another process: it is serving, leave it be
    try:
        return con.execute("SELECT max(versjon) FROM schema_versjon").fetchall()[0][0] == SCHEMA_VERSION
    except duckdb.Error:
        return False
    finally:
        con.close()


def user_tables_of(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Saved scenarios, scores and the import log held by an open database."""
    names = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return {t: con.execute(f"SELECT * FROM {t}").df() for t in USER_TABLES if t in names}


def load_sources(directory: Path) -> dict[str, pd.DataFrame]:
    """Read and cross-check every source file; raises SourceError on the first problem."""
    kommuner = sources.read_csv(sources.KOMMUNER, directory)
    known = set(kommuner["kommunenummer"])
    data: dict[str, pd.DataFrame] = {"kommuner": kommuner}
    data["grenser"] = pd.DataFrame(
        [
            {"kommunenummer": nr, "geojson": json.dumps(feature, ensure_ascii=False)}
            for nr, feature in sources.read_borders(BORDERS_FILE, directory, known).items()
        ]
    )
    for structure, meta in STRUCTURES.items():
        spec = sources.service_spec(str(meta["fil"]))
        frame = sources.read_csv(spec, directory, known)
        missing = sorted(known - set(frame["kommunenummer"]))
        if missing:
            raise sources.SourceError(
                spec.file, f"kommune {', '.join(missing)} har ikke noe brannvesen i strukturen."
            )
        frame["struktur_id"] = structure
        data[f"dekning_{structure}"] = frame
    data["stasjoner"] = sources.read_csv(sources.BRANNSTASJONER, directory, known)
    data["bemanning_publisert"] = sources.read_csv(sources.BEMANNING_PUBLISERT, directory, known)
    sources.check_published_staffing(data["bemanning_publisert"], data["stasjoner"])
    data["tettsteder"] = sources.read_settlements(directory, known)
    data["tett_bebyggelse"] = sources.read_csv(sources.TETT_BEBYGGELSE, directory, known)
    sources.check_dense_places(data["tett_bebyggelse"], data["tettsteder"])
    data["hendelser"] = sources.read_csv(sources.HENDELSER, directory, known)
    data["regler"] = sources.read_csv(sources.REGLER, directory)
    data["kontrolltall"] = sources.read_csv(sources.KONTROLLTALL, directory)
    data["samarbeidsomrader"] = sources.read_csv(sources.SAMARBEIDSOMRADER, directory)
    data["organisasjonsformer"] = sources.read_csv(sources.ORGANISASJONSFORMER, directory)
    forms = set(data["organisasjonsformer"]["form_id"])
    for row, named in enumerate(data["samarbeidsomrader"]["egnede_former"], start=2):
        unknown = sorted(set(named.split(";")) - forms)
        if unknown:
            raise sources.SourceError(
                "samarbeidsomrader.csv",
                f"ukjent organisasjonsform «{', '.join(unknown)}».",
                row,
                "egnede_former",
            )
    for row, status in enumerate(data["regler"]["status"], start=2):
        if status not in {"C", "S", "U"}:
            raise sources.SourceError(
                "regler.csv", f"status «{status}» skal være C, S eller U.", row, "status"
            )
    _check_thresholds(data["regler"])
    data["alternativer"] = sources.read_csv(alternative_sources.ALTERNATIVER, directory)
    data["alternativ_poster"] = sources.read_csv(alternative_sources.ALTERNATIV_POSTER, directory)
    data["alternativ_engang"] = sources.read_csv(alternative_sources.ALTERNATIV_ENGANG, directory)
    data["milepaeler"] = sources.read_milestones(directory)
    for spec in estimates.SPECS:
        data[spec.file] = sources.read_csv(spec, directory, known)
    data["brannvesen_fakta"] = sources.read_csv(sources.BRANNVESEN_FAKTA, directory)
    data["helseinstitusjoner"] = sources.read_csv(ground_sources.HELSEINSTITUSJONER, directory, known)
    data["ferjesamband"] = sources.read_csv(ground_sources.FERJESAMBAND, directory)
    data["nabostasjoner"] = sources.read_csv(ground_sources.NABOSTASJONER, directory, known)
    data["landforbindelser"] = sources.read_csv(ground_sources.LANDFORBINDELSER, directory)
    data["tunneler"] = sources.read_csv(ground_sources.TUNNELER, directory, known)
    data["kommunesentre"] = sources.read_csv(ground_sources.KOMMUNESENTRE, directory, known)
    data["delomrader"] = sources.read_csv(ground_sources.DELOMRADER, directory, known)
    data["flyplasser"] = sources.read_csv(ground_sources.FLYPLASSER, directory, known)
    services = set(data["dekning_dsb"]["brannvesen_navn"].map(slug))
    for file, frame in (
        (estimates.BEMANNING.file, data[estimates.BEMANNING.file]),
        (sources.BRANNVESEN_FAKTA.file, data["brannvesen_fakta"]),
    ):
        for row, service in enumerate(frame["brannvesen_id"], start=2):
            if service not in services:
                raise sources.SourceError(file, f"ukjent brannvesen «{service}».", row, "brannvesen_id")
    alternative_sources.check_alternatives(data)
    return data


def _check_thresholds(rules: pd.DataFrame) -> None:
    """Every `terskel` is numbers separated by «;», as many as the rule's check reads."""
    for row, (rule, text) in enumerate(zip(rules["regel_id"], rules["terskel"], strict=True), start=2):
        given = () if text is None or pd.isna(text) else tuple(str(text).split(";"))
        if given and not checks.THRESHOLD_FORMAT.fullmatch(str(text)):
            raise sources.SourceError(
                "regler.csv",
                f"terskelen «{text}» skal være tall (punktum som desimaltegn) skilt med semikolon, "
                "for eksempel 3000;8000;20000.",
                row,
                "terskel",
            )
        wanted = checks.THRESHOLD_COUNT.get(rule)
        if wanted is not None and len(given) != wanted:
            raise sources.SourceError(
                "regler.csv",
                f"regel {rule} trenger {wanted} terskel{'verdier' if wanted > 1 else ''}, fant {len(given)}.",
                row,
                "terskel",
            )


def _structure_tables(data: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    dekning = pd.concat([data[f"dekning_{k}"] for k in STRUCTURES], ignore_index=True)
    dekning["brannvesen_id"] = dekning["brannvesen_navn"].map(slug)
    brannvesen = dekning.groupby(["struktur_id", "brannvesen_id"], as_index=False).agg(
        navn=("brannvesen_navn", "first"), organisasjonsform=("organisasjonsform", "first")
    )
    counts = brannvesen["struktur_id"].value_counts()
    struktur = pd.DataFrame(
        [
            {
                "struktur_id": k,
                "navn": structure_name(k, int(counts.get(k, 0))),
                **{c: v[c] for c in ("beskrivelse", "kilde", "aar", "standard")},
            }
            for k, v in STRUCTURES.items()
        ]
    )
    return struktur, brannvesen, dekning


def _kontroll(data: dict[str, pd.DataFrame], kommuner: pd.DataFrame, dekning: pd.DataFrame) -> pd.DataFrame:
    """The estimates as the sources make them (before any import replaces one) against the
    known figures."""
    return kontroll.comparisons(
        {
            "kontrolltall": data["kontrolltall"],
            "kommuner": kommuner,
            "dekning": dekning[dekning["struktur_id"] == DEFAULT_STRUCTURE],
            "kostnad": data[estimates.KOSTNADER.file],
            "hendelse": data[estimates.HENDELSER.file],
            "bemanning": data[estimates.BEMANNING.file],
        }
    )


def _stations(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.insert(0, "stasjon_id", range(1, len(out) + 1))
    out["kategori"] = [
        station_category(k, h) for k, h in zip(out["dsb_kasernert"], out["heltid_deltid"], strict=True)
    ]
    out["aar"] = STATIONS_SOURCE_YEAR
    return out


def _settlements(real: pd.DataFrame, estimated: pd.DataFrame) -> pd.DataFrame:
    """Published settlements and the marked guesses; `koordinat_estimert` is true where no
    source gives the settlement's point: it is then left unplaced, never put on a station."""
    out = real.copy()
    out["innbyggere_estimert"] = False
    new = estimated.drop(columns=["estimert_felt"]).copy()
    new["innbyggere_estimert"] = True
    out = pd.concat([out, new], ignore_index=True)
    out["koordinat_estimert"] = out["lat"].isna()
    out.insert(0, "tettsted_id", range(1, len(out) + 1))
    return out.rename(columns={"tettsted": "navn"})


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    present = [c for c in columns if c in frame.columns]
    con.register("_frame", frame[present])
    con.execute(f"INSERT INTO {table} ({', '.join(present)}) SELECT {', '.join(present)} FROM _frame")
    con.unregister("_frame")


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the tables derived from others (risk indicators), after a build or an import."""
    points = queries.population_points(con)
    assumptions = coverage.Assumptions()
    roads = network.from_db(con)
    limits = coverage.limits(queries.rules(con))
    responding = nearest.responding(queries.stations(con), queries.neighbour_stations(con), points)
    shares = coverage.summary(points, coverage.minutes(points, responding, assumptions, roads), limits)
    con.execute("DELETE FROM risikoindikator")
    lowest = indicators.settlement_thresholds(duty.DutyRules.from_rules(queries.rules(con)))
    settlement_rows = [queries.settlement_population(con, name, size) for name, size in lowest.items()]
    _insert(
        con,
        "risikoindikator",
        indicators.compute(queries.indicator_base(con), settlement_rows, shares, assumptions),
    )


def undone_in(user_tables: dict[str, pd.DataFrame]) -> set[str]:
    """Stored import files whose last word in the carried-over import log is «angret»."""
    log = user_tables.get("importlogg")
    if log is None or log.empty:
        return set()
    last = log.sort_values("import_id").groupby("filnavn")["datasett"].last()
    return set(last.index[last == "angret"])


def replay_imports(con: duckdb.DuckDBPyConnection, imports: Path, undone: set[str] | None = None) -> None:
    """Apply the accepted import files in order, as they were applied in the app (the caller
    refreshes the derived tables afterwards); `undone` names files whose undo the log records
    but a killed process never set aside: they are not applied."""
    for path in importer.stored_files(imports):
        if path.name in (undone or set()):
            continue
        parsed = importer.validate(con, path.name, path.read_bytes(), importer.dataset_of(path))
        if parsed.problems:
            raise sources.SourceError(f"imports/{path.name}", "; ".join(parsed.problems[:5]))
        importer.apply(con, *parsed.accepted)


def _source_tables(data: dict[str, pd.DataFrame]) -> list[tuple[str, pd.DataFrame]]:
    """Every table filled straight from the sources and the estimate files, in insert order."""
    struktur, brannvesen, dekning = _structure_tables(data)
    kommuner = data["kommuner"]
    hendelse = pd.concat(
        [data["hendelser"].assign(estimert=False), data[estimates.HENDELSER.file].assign(estimert=True)],
        ignore_index=True,
    )
    return [
        ("kommune", kommuner),
        ("kommunegrense", data["grenser"].assign(kilde=BORDERS_SOURCE, aar=2024)),
        ("struktur", struktur),
        ("brannvesen", brannvesen),
        ("dekning", dekning),
        ("brannstasjon", _stations(data["stasjoner"])),
        ("tettsted", _settlements(data["tettsteder"], data[estimates.TETTSTEDER.file])),
        (
            "bemanning",
            data[estimates.BEMANNING.file].assign(struktur_id=DEFAULT_STRUCTURE, estimert=True),
        ),
        ("brannvesen_fakta", data["brannvesen_fakta"]),
        ("helseinstitusjon", data["helseinstitusjoner"]),
        ("ferjesamband", data["ferjesamband"]),
        ("nabostasjon", data["nabostasjoner"]),
        ("landforbindelse", data["landforbindelser"]),
        ("tunnel", data["tunneler"]),
        ("kommunesenter", data["kommunesentre"]),
        ("delomrade", data["delomrader"]),
        ("flyplass", data["flyplasser"]),
        ("tett_bebyggelse", data["tett_bebyggelse"]),
        ("kostnad", data[estimates.KOSTNADER.file].assign(estimert=True)),
        ("hendelse", hendelse),
        ("risikoobjekt", data[estimates.RISIKOOBJEKTER.file].assign(estimert=True)),
        ("regel", data["regler"]),
        ("samarbeidsomrade", data["samarbeidsomrader"]),
        ("organisasjonsform", data["organisasjonsformer"]),
        ("kontrolltall", data["kontrolltall"]),
        ("alternativ", data["alternativer"]),
        ("alternativ_post", data["alternativ_poster"]),
        ("alternativ_engang", data["alternativ_engang"]),
        ("milepael", data["milepaeler"]),
        ("kontroll", _kontroll(data, kommuner, dekning)),
    ]


def _population_and_land(con: duckdb.DuckDBPyConnection) -> None:
    """The population points and the land edges between them, from the tables just written."""
    borders = queries.borders(con)
    points = population.grid(
        borders,
        con.execute("SELECT * FROM kommune").df(),
        con.execute("SELECT * FROM tettsted").df(),
        con.execute("SELECT * FROM kommunesenter").df(),
        con.execute("SELECT * FROM delomrade").df(),
    ).assign(kilde=coverage.GRID_SOURCE, aar=2024)
    _insert(con, "befolkningspunkt", points)
    edges = network.land_edges(points, network.Land.from_borders(borders))
    ids = points["rute_id"].to_numpy()
    _insert(
        con,
        "landkant",
        pd.DataFrame({"fra_rute": ids[edges["fra"]], "til_rute": ids[edges["til"]], "km": edges["km"]}),
    )


def _source_files(directory: Path) -> pd.DataFrame:
    """Each source file's name, checksum and rows: what the database was built from."""
    files = sorted(p for p in directory.iterdir() if p.suffix in {".csv", ".geojson"})
    return pd.DataFrame(
        {
            "fil": [p.name for p in files],
            "sha256": [file_sha256(p) for p in files],
            "rader": [len(p.read_text(encoding="utf-8", errors="replace").splitlines()) - 1 for p in files],
        }
    )


def write_database(con: duckdb.DuckDBPyConnection, data: dict[str, pd.DataFrame], directory: Path) -> None:
    """Create the schema in an empty database and fill it from validated sources (the derived
    tables are filled by `refresh_derived`, once the imports are replayed too)."""
    con.execute(SCHEMA.read_text())
    for table, frame in _source_tables(data):
        _insert(con, table, frame)
    _population_and_land(con)
    _insert(con, "kildefil", _source_files(directory))
    con.execute("INSERT INTO schema_versjon VALUES (?, ?)", [SCHEMA_VERSION, dt.datetime.now()])


def database(
    directory: Path,
    target: Path,
    carry_over: dict[str, pd.DataFrame] | None = None,
    imports: Path | None = None,
) -> Path:
    """Build `target` from `directory` plus the accepted imports; `carry_over` gives user tables
    when the caller holds the old database open itself (the app), otherwise they are read from
    the old file, which stays open (and locked) until the new one replaces it."""
    data = load_sources(directory)
    old = None if carry_over is not None else database_file.open_old(target)
    try:
        if old is None:
            user_tables = carry_over or {}
        else:
            try:
                user_tables = user_tables_of(old)
            except duckdb.Error as err:
                old.close()
                old = None
                raise database_file.corrupt(target, err) from err
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            con = duckdb.connect(str(tmp))
            try:
                write_database(con, data, directory)
                replay_imports(
                    con, imports if imports is not None else paths.imports_dir(), undone_in(user_tables)
                )
                refresh_derived(con)  # once, from the sources and every import
                for table, frame in user_tables.items():
                    if len(frame):
                        _insert(con, table, frame)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            if old is not None:
                old.close()  # checkpoints the old file, which removes its log
                old = None
            # a log left by a crash belongs to the old file, never to the new one
            database_file.wal_of(target).unlink(missing_ok=True)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
            database_file.wal_of(tmp).unlink(missing_ok=True)
    finally:
        if old is not None:
            old.close()
    return target
