"""docker-compose.yml cannot run here (no Docker engine), so its wiring is checked."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_wires_web_and_worker_to_a_pinned_postgres():
    compose = _compose()
    db = compose["services"]["db"]
    assert re.search(r":\d[\w.-]*$", db["image"]), "the database image must be pinned"
    assert "pgvector" in db["image"]
    assert "healthcheck" in db
    assert any(v.startswith("pgdata:") for v in db["volumes"])
    assert "pgdata" in compose["volumes"]
    for name in ("web", "worker"):
        service = compose["services"][name]
        assert service["build"] == "."  # one image for both
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        url = service["environment"]["DATABASE_URL"]
        assert "@db:5432/" in url and url.endswith("/" + db["environment"]["POSTGRES_DB"])
        assert db["environment"]["POSTGRES_USER"] in url
        assert service["environment"]["PERSPECTIEF_ENVIRONMENT"] == "production"
    web, worker = compose["services"]["web"], compose["services"]["worker"]
    assert web["environment"] == worker["environment"]  # the settings that must agree
    assert "perspectief serve" in " ".join(web["command"])
    assert worker["command"] == ["perspectief", "worker"]
    assert "ports" in web and "ports" not in worker


def test_dockerfile_installs_cpu_torch_first_and_serves():
    dockerfile = (ROOT / "Dockerfile").read_text()
    torch = dockerfile.index("torch==")
    project = dockerfile.index("pip install --no-cache-dir .")
    assert torch < project
    assert 'CMD ["perspectief", "serve"]' in dockerfile
    assert "EXPOSE 8000" in dockerfile


def test_the_app_processes_come_back_after_they_exit() -> None:
    services = _compose()["services"]
    assert services["web"]["restart"] == services["worker"]["restart"] == "unless-stopped"
