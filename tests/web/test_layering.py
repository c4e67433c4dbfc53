"""The layering, enforced: `matcher` below everything, then the web's base modules, the
domain packages, the request plumbing, the page packages and `api/`, and the entry
points on top. A module may import its own layer or a lower one, never a higher one;
routes read and write through their domain's services, not its repositories."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. A module's layer is that of the longest prefix naming it.
LAYERS: list[tuple[str, ...]] = [
    ("matcher",),
    (
        "web",
        "web.settings",
        "web.errors",
        "web.labels",
        "web.formatting",
        "web.database",
        "web.migrations",
        "web.request_problems",
        "web.access_log",
        "web.templating",
        "web.worker.queue",
    ),
    (
        "web.accounts",
        "web.candidates",
        "web.vacancies",
        "web.proposals",
        "web.matching",
        "web.oversight",
    ),
    ("web.deps", "web.middleware"),
    ("web.pages", "web.api"),
    ("web.app", "web.cli", "web.worker", "web.demo"),
]


def layer_of(module: str) -> int | None:
    matches = [
        (len(prefix), level)
        for level, prefixes in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    return max(matches)[1] if matches else None


def modules(root: Path = ROOT) -> dict[str, Path]:
    found = {}
    for package in ("matcher", "web"):
        for path in (root / package).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """Every module imported anywhere in the file (also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def upward_imports(root: Path = ROOT) -> list[str]:
    known = modules(root)
    problems = []
    for name, path in sorted(known.items()):
        own = layer_of(name)
        for imported in sorted(imports_of(path, known)):
            theirs = layer_of(imported)
            if own is not None and theirs is not None and theirs > own:
                problems.append(f"{name} imports {imported} (layer {theirs} > {own})")
    return problems


def is_route_module(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "router" for t in node.targets)
        for node in tree.body
    )


def routes_importing_repositories(root: Path = ROOT) -> set[str]:
    known = modules(root)
    return {
        name
        for name, path in known.items()
        if is_route_module(path)
        and any(".repositories" in imported for imported in imports_of(path, known))
    }


def test_every_module_has_a_layer() -> None:
    assert [name for name in modules() if layer_of(name) is None] == []


def test_no_module_imports_a_higher_layer() -> None:
    assert upward_imports() == []


def test_matcher_knows_nothing_of_the_web() -> None:
    web_side = ("web", "fastapi", "starlette", "asyncpg", "jinja2")
    known = modules()
    found = [
        f"{name} imports {imported}"
        for name, path in known.items()
        if name.startswith("matcher")
        for imported in imports_of(path, known)
        if imported.split(".")[0] in web_side
    ]
    assert found == []


def test_routes_go_through_services_and_view_helpers() -> None:
    assert routes_importing_repositories() == set()
