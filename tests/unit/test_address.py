"""The address the QR code and the briefs' links point at."""

import socket

from brannsam.ui import address


def test_a_laptop_without_a_network_address_says_phones_cannot_reach_it(monkeypatch):
    monkeypatch.delenv("BRANNSAM_URL", raising=False)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(0, 0, 0, "", ("127.0.1.1", 0))])
    assert address.network_base() == ("http://localhost:8501", False)


def test_the_machines_network_address_replaces_localhost(monkeypatch):
    monkeypatch.delenv("BRANNSAM_URL", raising=False)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(0, 0, 0, "", ("10.1.2.3", 0))])
    assert address.network_base() == ("http://10.1.2.3:8501", True)


def test_the_configured_address_is_used_as_it_is(monkeypatch):
    monkeypatch.setenv("BRANNSAM_URL", "http://10.0.0.12:8501/")
    assert address.network_base() == ("http://10.0.0.12:8501", True)
