"""The client address behind a request: a proxy header only from a trusted proxy."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.requests import Request

from web.accounts.client_address import client_address
from web.settings import Settings


def _request(peer: str, headers=()) -> Request:
    raw = [(name.lower().encode(), value.encode()) for name, value in headers]
    return Request({"type": "http", "client": (peer, 51000), "headers": raw})


def _settings(tmp_path: Path, **values) -> Settings:
    return Settings(environment="test", data_dir=tmp_path, **values)


def test_without_trusted_proxies_the_header_is_ignored(tmp_path):
    forged = _request("198.51.100.7", [("X-Forwarded-For", "203.0.113.1")])
    assert client_address(forged, _settings(tmp_path)) == "198.51.100.7"


def test_an_untrusted_peer_cannot_name_another_client(tmp_path):
    settings = _settings(tmp_path, trusted_proxies="10.0.0.0/8")
    forged = _request("198.51.100.7", [("X-Forwarded-For", "203.0.113.1")])
    assert client_address(forged, settings) == "198.51.100.7"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("203.0.113.1", "203.0.113.1"),
        # the client wrote the left part itself; our proxies appended the rest
        ("1.2.3.4, 203.0.113.1", "203.0.113.1"),
        ("1.2.3.4, 203.0.113.1, 10.0.0.9", "203.0.113.1"),
        ("10.0.0.8, 10.0.0.9", "10.0.0.8"),  # only proxies: the first one
        ("", "10.0.0.1"),  # no header value: the proxy itself
    ],
)
def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(
    tmp_path, header, expected
):
    settings = _settings(tmp_path, trusted_proxies="10.0.0.0/8, ::1")
    request = _request("10.0.0.1", [("X-Forwarded-For", header)])
    assert client_address(request, settings) == expected


def test_several_header_lines_are_read_as_one_list(tmp_path):
    settings = _settings(tmp_path, trusted_proxies="127.0.0.1")
    lines = [("X-Forwarded-For", "1.2.3.4"), ("X-Forwarded-For", "203.0.113.1")]
    assert client_address(_request("127.0.0.1", lines), settings) == "203.0.113.1"


def test_the_header_name_is_a_setting(tmp_path):
    settings = _settings(tmp_path, trusted_proxies="127.0.0.1", client_ip_header="X-Real-IP")
    request = _request("127.0.0.1", [("X-Forwarded-For", "1.2.3.4"), ("X-Real-IP", "2001:db8::1")])
    assert client_address(request, settings) == "2001:db8::1"
