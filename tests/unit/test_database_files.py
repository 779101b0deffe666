"""The database file after a crash, a deletion or corruption: nothing saved is lost silently,
and a rebuilt file always opens."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from cli import brannsam_cli, brannsam_process

from brannsam.data import database_file, paths
from brannsam.funding import store
from brannsam.funding.settings import Settings
from brannsam.pipeline import build


def save_then_crash(db: Path, name: str) -> None:
    """A server that saves a scenario and is killed with SIGKILL before it checkpoints."""
    code = (
        "import os, sys, duckdb\n"
        "from brannsam.funding import store\n"
        "from brannsam.funding.settings import Settings\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "con.execute('CHECKPOINT')\n"
        "store.save(con, sys.argv[2], Settings())\n"
        "os.kill(os.getpid(), 9)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db), name], cwd=paths.ROOT, check=False)


@pytest.fixture
def db(tmp_path: Path, built_db: Path) -> Path:
    target = tmp_path / "brannsam.duckdb"
    shutil.copy(built_db, target)
    return target


def test_rebuild_after_a_crash_keeps_the_last_save_and_opens(db, tmp_path):
    save_then_crash(db, "Før krasjet")
    assert database_file.wal_of(db).exists()  # the crash left the log beside the file
    build.database(paths.SOURCES_DIR, db, imports=tmp_path / "ingen")
    assert not database_file.wal_of(db).exists()
    con = duckdb.connect(str(db))  # «WAL does not match database file» before the fix
    try:
        assert store.names(con) == ["Før krasjet"]
    finally:
        con.close()


def test_cli_build_after_a_crash_then_import_can_open(db, tmp_path):
    save_then_crash(db, "Krasj")
    env = {"BRANNSAM_DB": str(db), "BRANNSAM_IMPORTS": str(tmp_path / "imp")}
    assert brannsam_cli("build", **env).returncode == 0
    allocated = brannsam_cli("allocate", "--budget", "1000", "--weights", "innbyggere=1", **env)
    assert allocated.returncode == 0, allocated.stderr


def test_an_empty_file_is_replaced(tmp_path):
    target = tmp_path / "brannsam.duckdb"
    target.write_bytes(b"")
    build.database(paths.SOURCES_DIR, target, imports=tmp_path / "ingen")
    con = duckdb.connect(str(target), read_only=True)
    assert con.execute("SELECT count(*) FROM kommune").fetchall()[0][0] == 40
    con.close()


def test_a_garbage_file_is_set_aside_with_exit_2(tmp_path):
    target = tmp_path / "brannsam.duckdb"
    garbage = os.urandom(20_000)
    target.write_bytes(garbage)
    result = brannsam_cli("build", BRANNSAM_DB=str(target), BRANNSAM_IMPORTS=str(tmp_path / "ingen"))
    assert result.returncode == 2
    assert "skadet" in result.stderr and "i bruk" not in result.stderr
    aside = list(tmp_path.glob("brannsam.duckdb.skadet-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == garbage  # kept, not deleted
    assert not target.exists()
    again = brannsam_cli("build", BRANNSAM_DB=str(target), BRANNSAM_IMPORTS=str(tmp_path / "ingen"))
    assert again.returncode == 0, again.stderr


def test_a_checksum_corrupt_file_stops_the_build_instead_of_dropping_scenarios(tmp_path):
    target = tmp_path / "brannsam.duckdb"
    con = duckdb.connect(str(target))
    con.execute(
        "CREATE TABLE scenario (navn VARCHAR, opprettet TIMESTAMP, endret TIMESTAMP, innstillinger VARCHAR)"
    )
    setting = json.dumps(Settings().to_dict())
    con.execute(
        "INSERT INTO scenario SELECT 'S' || range, now(), now(), ? || range FROM range(20000)", [setting]
    )
    con.close()
    raw = bytearray(target.read_bytes())
    for offset in range(len(raw) // 4, len(raw) * 3 // 4, 16_384):
        raw[offset : offset + 64] = os.urandom(64)
    target.write_bytes(bytes(raw))
    with pytest.raises(database_file.DatabaseCorruptError, match="kunne ikke hentes ut"):
        build.database(paths.SOURCES_DIR, target, imports=tmp_path / "ingen")
    assert len(list(tmp_path.glob("brannsam.duckdb.skadet-*"))) == 1


def test_random_bytes_in_a_block_are_damage_not_a_lock(db, tmp_path):
    """DuckDB reports a damaged block as «… in block at location 4096»: the file must be set
    aside as damaged, not reported as «i bruk av en annen prosess»."""
    with db.open("r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(4096))
    result = brannsam_cli("build", BRANNSAM_DB=str(db))
    assert result.returncode == 2
    assert "i bruk" not in result.stderr and "skadet" in result.stderr
    assert len(list(tmp_path.glob("brannsam.duckdb.skadet-*"))) == 1


def test_a_lock_held_by_another_process_is_recognised_by_its_error():
    locked = duckdb.IOException('IO Error: Could not set lock on file "x": Conflicting lock is held')
    damaged = duckdb.Error("Corrupt database file: checksum does not match in block at location 4096")
    assert database_file.is_lock_error(locked)
    assert not database_file.is_lock_error(damaged)


@pytest.fixture
def held(db: Path):
    """The database held open for writing by another process, as the running app holds it."""
    code = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('klar', flush=True); "
        "time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "klar"
    yield db
    holder.kill()
    holder.wait()


@pytest.mark.parametrize(
    "command",
    [
        ["kontroll", "--format", "csv"],
        ["konsekvens", "--format", "csv"],
        ["allocate", "--budget", "1000000", "--weights", "innbyggere=1", "--format", "csv"],
        ["verksted", "resultat", "ABCDEF", "--format", "csv"],
    ],
)
def test_reading_commands_work_while_the_app_holds_the_database(held, command):
    result = brannsam_cli(*command, BRANNSAM_DB=str(held))
    assert "Traceback" not in result.stderr and "IO Error" not in result.stderr
    assert str(held) not in result.stderr  # no absolute path in what a user reads
    if command[0] == "verksted":  # no such round: a Norwegian refusal, not a lock error
        assert result.returncode == 2 and "kode" in result.stderr.lower()
    else:
        assert result.returncode == 0, result.stderr
        assert "leser en kopi" in result.stderr


def test_writing_commands_say_the_app_holds_the_database(held, tmp_path):
    """In a process of its own, as from the shell: the lock is another process's."""
    for command in (["verksted", "ny", "Runde"], ["build"]):
        result = brannsam_process(*command, BRANNSAM_DB=str(held))
        assert result.returncode == 2, command
        assert "i bruk" in result.stderr and "Traceback" not in result.stderr
        assert str(held) not in result.stderr and "IO Error" not in result.stderr


def test_a_second_server_says_one_norwegian_line_and_stops(held, monkeypatch, capsys):
    """Issue 33.9: not DuckDB's traceback with the file's path, and no server that fails every page."""
    from brannsam.ui import serve  # noqa: PLC0415 (Streamlit only for this test)

    monkeypatch.setenv("BRANNSAM_DB", str(held))
    monkeypatch.setattr(
        serve, "_warm", lambda: pytest.fail("must not warm a server that cannot open its database")
    )
    assert serve.main([]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "er i bruk av en annen prosess" in err
    assert "Traceback" not in err and str(held.parent) not in err
