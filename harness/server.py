"""Start the real Streamlit server on a free loopback port, for end-to-end tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("BRANNSAM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-gl=angle",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    db_path: Path, extra_env: dict[str, str] | None = None, plain: bool = False
) -> Iterator[str]:
    """Yield the base URL of a freshly started server (`python -m brannsam serve`, or plain
    `streamlit run app.py` with `plain=True`); stop it afterwards."""
    with streamlit_process(db_path, extra_env, plain) as (url, _):
        yield url


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def streamlit_process(
    db_path: Path,
    extra_env: dict[str, str] | None = None,
    plain: bool = False,
    port: int | None = None,
    script: Path | None = None,
    options: tuple[str, ...] = (),
) -> Iterator[tuple[str, subprocess.Popen]]:
    """As `streamlit_server`, also yielding the process (for memory readings and its log); a
    given `port` keeps the origin, so a browser's HTTP cache survives a server restart; a
    `script` runs that Streamlit script instead of the app (the benchmarks' floor apps), and
    `options` go to Streamlit's command line after the usual ones."""
    port = port or free_port()
    env = {**os.environ, "BRANNSAM_DB": str(db_path), **(extra_env or {})}
    launcher = (
        ["streamlit", "run", str(script or ROOT / "app.py")] if plain or script else ["brannsam", "serve"]
    )
    options = [
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        *options,
    ]
    # The server's output goes to a file, never to a pipe nobody reads (a full pipe stalls it).
    log = tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", *launcher, *options],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("Streamlit-serveren startet ikke: " + Path(log.name).read_text()[-4000:])
        proc.log_path = Path(log.name)  # the server's output, for tests that read it
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        Path(log.name).unlink(missing_ok=True)


def wait_for_app(page, timeout_ms: int = 30_000) -> None:
    """The app is ready when connected, the script is not running, and no skeleton is left."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']",
        timeout=timeout_ms,
    )
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0",
        timeout=timeout_ms,
    )
