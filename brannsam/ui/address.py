"""The address a link in a brief, a scenario or a QR code points at: `BRANNSAM_URL` when it is
set (`paths.public_url`, the address people outside this browser reach), else the page's own
address (`base_url`); for phones, that address with localhost swapped for the network's."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import streamlit as st

from brannsam import formatting as fmt
from brannsam.data import paths
from brannsam.funding import scenarios
from brannsam.funding.settings import ScenarioError, Settings
from brannsam.ui import data

LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def base_url() -> str:
    """`BRANNSAM_URL`, else scheme and host of the page the browser shows."""
    parts = urlsplit(st.context.url or paths.LOCAL_URL)
    return paths.public_url() or f"{parts.scheme or 'http'}://{parts.netloc or 'localhost:8501'}"


def scenario_link(settings: Settings) -> str:
    """The link that reproduces `settings`, for a brief or a report; where the configured address
    cannot be used, the page says so and the document says the link is missing."""
    try:
        if scenarios.short_code(settings) in data.saved_codes():  # saved: a short link the database resolves
            return scenarios.short_link(settings, base_url())
        return scenarios.link(settings, base_url())
    except ScenarioError as err:
        st.warning(fmt.markdown_text(err))
        return "(lenken mangler: adressen i BRANNSAM_URL kan ikke brukes)"


def network_base() -> tuple[str, bool]:
    """The address phones in the room can reach, and whether it is one: `BRANNSAM_URL`, else this
    page's address with localhost replaced by the machine's network address (`make verksted`
    listens on it). False when only a loopback address was found."""
    public = paths.public_url()
    if public:
        return public, True
    parts = urlsplit(base_url())
    host, port = parts.hostname or "localhost", parts.port
    if host in LOOPBACK:
        try:
            candidates = {
                str(a[4][0]) for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
            }
        except OSError:
            candidates = set()
        host = next((a for a in sorted(candidates) if not a.startswith("127.")), host)
    reachable = host not in LOOPBACK and not host.startswith("127.")
    return f"{parts.scheme or 'http'}://{host}" + (f":{port}" if port else ""), reachable
