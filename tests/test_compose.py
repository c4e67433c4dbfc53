"""docker-compose.yml cannot run here (no Docker engine), so its wiring is checked."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_wires_app_to_a_pinned_postgres():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    db, app = compose["services"]["db"], compose["services"]["app"]
    assert re.search(r":\d[\w.-]*$", db["image"]), "the database image must be pinned"
    assert "healthcheck" in db
    assert any(v.startswith("pgdata:") for v in db["volumes"])
    assert "pgdata" in compose["volumes"]
    assert app["build"] == "."
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    url = app["environment"]["DATABASE_URL"]
    assert "@db:5432/" in url and url.endswith("/" + db["environment"]["POSTGRES_DB"])
    assert db["environment"]["POSTGRES_USER"] in url
    assert app["environment"]["PERSPECTIEF_ENVIRONMENT"] == "production"


def test_dockerfile_installs_cpu_torch_first_and_serves():
    dockerfile = (ROOT / "Dockerfile").read_text()
    torch = dockerfile.index("torch==")
    project = dockerfile.index("pip install --no-cache-dir .")
    assert torch < project
    assert 'CMD ["perspectief", "serve"]' in dockerfile
    assert "EXPOSE 8000" in dockerfile
