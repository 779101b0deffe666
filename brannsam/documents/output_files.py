"""Writing the documents a user asked for to a folder: whole files or none, never over an edited
file without leave, and every failure said in Norwegian."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

REASONS = {
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.EACCES: "du mangler skrivetilgang",
    errno.EPERM: "du mangler skrivetilgang",
    errno.EROFS: "mappa er skrivebeskyttet",
    errno.EEXIST: "det finnes en fil med det navnet",
    errno.ENOTDIR: "en del av stien er en fil, ikke en mappe",
    errno.EISDIR: "det finnes en mappe med det navnet",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.ENOENT: "en mappe i stien finnes ikke, eller der kan det ikke lages mapper",
}


class OutputError(ValueError):
    """A file or folder that could not be written, in Norwegian."""


EMPTY_PATH = "Oppgi mappa filene skal skrives til (--out var tom)."


def reason(err: OSError) -> str:
    return REASONS.get(err.errno or 0, f"systemfeil {err.errno}")


def folder(path: Path | str) -> Path:
    """The output folder, made if it is missing. An empty path is refused (it would quietly mean
    the current folder), and so is a link that points at nothing."""
    if not str(path).strip():
        raise OutputError(EMPTY_PATH)
    path = Path(path)
    if path.is_symlink() and not path.exists():
        raise OutputError(
            f"Kan ikke skrive til {path}: det er en lenke til {os.readlink(path)}, som ikke finnes."
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"Kan ikke lage mappa {path}: {reason(err)}.") from None
    if not path.is_dir():
        raise OutputError(f"Kan ikke skrive til {path}: det er en fil, ikke en mappe.")
    return path


def refuse_overwrite(paths: list[Path]) -> None:
    """A file already there may be a brief a case officer has edited: replacing it needs leave."""
    taken = [p for p in paths if p.exists()]
    if taken:
        more = f" (og {len(taken) - 1} til)" if len(taken) > 1 else ""
        raise OutputError(
            f"Fila {taken[0]} finnes allerede{more}, og kan være redigert. Velg en annen mappe, eller "
            "legg til --overskriv for å erstatte."
        )


READABLE = 0o666


def _umask() -> int:
    """The process's umask (read by setting it, then setting it back)."""
    current = os.umask(0)
    os.umask(current)
    return current


def write(path: Path, data: bytes) -> None:
    """The whole file or nothing: written beside the target and moved into place, so a full disk
    or a stop halfway leaves no empty or half file behind."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, READABLE & ~_umask())  # mkstemp's 0600 would hide the brief from colleagues
        os.replace(temporary, path)
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"Kunne ikke skrive {path}: {reason(err)}. Ingen fil er lagt igjen.") from None
