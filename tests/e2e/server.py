"""Start the real Streamlit server on a free loopback port, for end-to-end tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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
    port = free_port()
    env = {**os.environ, "BRANNSAM_DB": str(db_path), **(extra_env or {})}
    launcher = ["streamlit", "run", str(ROOT / "app.py")] if plain else ["brannsam", "serve"]
    options = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    proc = subprocess.Popen(
        [sys.executable, "-m", *launcher, *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
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
            raise RuntimeError("Streamlit-serveren startet ikke: " + proc.stderr.read1().decode())
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


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
