"""Settings that exist do something; those that must be set in production are."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from web.settings import LOCAL_BASE_URL, Settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_unused_secret_key_is_gone_everywhere():
    assert "secret_key" not in Settings.model_fields
    for name in ("README.md", "docker-compose.yml", "Dockerfile"):
        assert "PERSPECTIEF_SECRET_KEY" not in (ROOT / name).read_text(), name


def test_production_needs_its_public_address(tmp_path, monkeypatch):
    monkeypatch.delenv("PERSPECTIEF_PUBLIC_BASE_URL", raising=False)
    with pytest.raises(ValidationError, match="PERSPECTIEF_PUBLIC_BASE_URL"):
        Settings(environment="production", data_dir=tmp_path)
    ok = Settings(environment="production", data_dir=tmp_path, public_base_url="https://a.nl/")
    assert ok.public_base_url == "https://a.nl"
    assert Settings(environment="development", data_dir=tmp_path).public_base_url == LOCAL_BASE_URL


def test_trusted_proxies_are_read_comma_separated_and_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("PERSPECTIEF_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1 ,::1")
    proxies = Settings(data_dir=tmp_path).trusted_proxies
    assert [str(p) for p in proxies] == ["10.0.0.0/8", "192.168.1.1/32", "::1/128"]
    monkeypatch.setenv("PERSPECTIEF_TRUSTED_PROXIES", "de-proxy")
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path)
