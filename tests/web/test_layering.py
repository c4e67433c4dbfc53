"""The layering, enforced: `matcher` below everything, then the web's base modules, the
domain packages, the request plumbing, the page packages and `api/`, and the entry
points on top. A module may import its own layer or a lower one, never a higher one;
routes read and write through their domain's services, not its repositories. Page
modules (routes and their view helpers, `api/` too) never write: they may use a
repository only for the reads listed in PAGE_READS, run no statements themselves, and
leave auditing to the services."""

from __future__ import annotations

import ast
import importlib
import re
import types
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
        "web.notifications",
        "web.worklist",
        "web.ranker",
    ),
    ("web.deps", "web.middleware"),
    ("web.pages", "web.api"),
    (
        "web.app",
        "web.cli",
        "web.cli_support",
        "web.cli_reports",
        "web.serving",
        "web.worker",
        "web.demo",
    ),
]


PAGES = ("web.pages", "web.api")
# The repository functions a page module may use: reads only (checked below against the
# SQL they run). Writes, the audit log among them, go through a domain service.
PAGE_READS: dict[str, set[str]] = {
    "web.accounts.repositories.api_keys": {"lookup"},
    "web.accounts.repositories.invitations": {"used_by_candidate"},
    "web.accounts.repositories.organisations": {"by_id", "list_all"},
    "web.accounts.repositories.users": {"by_id"},
    "web.candidates.repositories.candidates": {
        "contact_for",
        "stated_gender",
        "for_coach",
        "for_user",
        "has_restrictions",
        "restrictions_for",
        "restrictions_for_many",
    },
    "web.candidates.repositories.consents": {"active_proposal_ids", "for_candidate"},
    "web.candidates.repositories.correction_requests": {"for_candidate", "open_requests"},
    "web.matching.repositories.match_state": {"fresh_counts"},
    "web.proposals.repositories.agency_proposals": {"for_organisation", "one"},
    "web.proposals.repositories.proposals": {
        "by_id",
        "checkins_due",
        "for_candidate",
        "open_counts",
        "states_of_pairs",
        "timeline",
        "transitions",
    },
    "web.vacancies.repositories.imports": {"by_id", "errors", "for_organisation"},
    "web.vacancies.repositories.vacancies": {
        "by_id",
        "by_ids",
        "by_ref",
        "own_sectors",
        "search",
        "search_own",
        "sectors",
    },
}
# Connection methods that change data or open a transaction (the request owns that).
WRITING_CALLS = {"execute", "executemany", "transaction", "copy_records_to_table", "copy_to_table"}
WRITING_SQL = re.compile(r"\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|TRUNCATE|MERGE)\b")


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


def is_repository(module: str) -> bool:
    return module.split(".")[-2:-1] == ["repositories"]


def dotted(node: ast.expr, bound: dict[str, str]) -> str | None:
    """`vacancies.by_id` → `web.vacancies.repositories.vacancies.by_id`, by the imports."""
    if isinstance(node, ast.Name):
        return bound.get(node.id)
    if isinstance(node, ast.Attribute):
        head = dotted(node.value, bound)
        return f"{head}.{node.attr}" if head else None
    return None


def repository_uses(path: Path) -> set[str]:
    """Every repository function a module imports or refers to (types and constants,
    capitalised, do not count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                bound[name] = alias.name if alias.asname else name
    used = set()
    names = [dotted(n, bound) for n in ast.walk(tree) if isinstance(n, ast.Name | ast.Attribute)]
    for full in [*bound.values(), *names]:
        if full and "." in full:
            module, name = full.rsplit(".", 1)
            if is_repository(module) and not name[0].isupper():
                used.add(full)
    return used


def own_statements(path: Path) -> list[str]:
    """A connection's execute or transaction called in the module, or writing SQL in it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in WRITING_CALLS:
            found.append(f"line {node.lineno}: .{node.attr}")
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and WRITING_SQL.search(node.value):
            found.append(f"line {node.lineno}: writing SQL")
    return found


def page_writes(root: Path = ROOT) -> list[str]:
    """What page modules do that writes: a repository function not listed as a read, or
    a statement of their own."""
    problems = []
    for name, path in sorted(modules(root).items()):
        if not any(name == p or name.startswith(p + ".") for p in PAGES):
            continue
        for used in sorted(repository_uses(path)):
            module, function = used.rsplit(".", 1)
            if function not in PAGE_READS.get(module, set()):
                problems.append(f"{name} uses {used} (not a listed read)")
        problems += [f"{name} {found}" for found in own_statements(path)]
    return problems


def text_run_by(function: types.FunctionType) -> str:
    """The strings a repository function can run: its own constants and the module's
    strings and functions it names, followed through (SQL constants included)."""
    found, seen, todo = [], set(), [function.__code__]
    while todo:
        code = todo.pop()
        if code in seen:
            continue
        seen.add(code)
        found += [c for c in code.co_consts if isinstance(c, str)] + list(code.co_names)
        todo += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        for name in code.co_names:
            value = function.__globals__.get(name)
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, types.FunctionType) and value.__module__ == function.__module__:
                todo.append(value.__code__)
    return "\n".join(found)


def test_page_modules_never_write() -> None:
    assert page_writes() == []


def test_listed_page_reads_write_nothing() -> None:
    writing = []
    for module_name, functions in sorted(PAGE_READS.items()):
        module = importlib.import_module(module_name)
        for name in sorted(functions):
            text = text_run_by(getattr(module, name))
            if WRITING_SQL.search(text) or WRITING_CALLS & set(text.split("\n")):
                writing.append(f"{module_name}.{name}")
    assert writing == []
