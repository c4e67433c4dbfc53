"""The `perspectief` command line: what operators need before (or beside) any page.

Exit codes: 0 success, 1 refused (duplicate, bad input), 2 usage error.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from web.accounts.passwords import generate_password, hash_password, password_problem
from web.accounts.repositories import organisations, users
from web.cli_reports import add_reports
from web.cli_support import CommandError, connection
from web.migrations import MigrationError, migrate
from web.notifications import sink as mail_sink
from web.serving import serve
from web.settings import Settings, configure_process, get_settings


async def cmd_migrate(args: argparse.Namespace, settings: Settings) -> None:
    async with connection(settings) as conn:
        applied = await migrate(conn)
    print(f"applied {len(applied)} migration(s)" + (f": {', '.join(applied)}" if applied else ""))


async def cmd_orgs_create(args: argparse.Namespace, settings: Settings) -> None:
    async with connection(settings) as conn:
        try:
            org = await organisations.create(conn, kind=args.kind, name=args.name, slug=args.slug)
        except organisations.DuplicateOrganisation as exc:
            raise CommandError(str(exc)) from exc
    print(f"created {org.kind} '{org.name}' ({org.slug}), id {org.id}")


async def cmd_users_create(args: argparse.Namespace, settings: Settings) -> None:
    password, generated = _read_password(email=args.email, name=args.name or "")
    async with connection(settings) as conn:
        org = await organisations.by_slug(conn, slug=args.org)
        if org is None:
            raise CommandError(f"no organisation with slug '{args.org}'")
        # Checked before the (slow) hash; users.create refuses it on every other path.
        problem = users.organisation_problem(args.role, org.kind)
        if problem:
            raise CommandError(f"{problem} ({org.slug} is {org.kind})")
        try:
            user = await users.create(
                conn,
                organisation_id=org.id,
                role=args.role,
                email=args.email,
                display_name=args.name or "",
                password_hash=await asyncio.to_thread(hash_password, password),
            )
        except (users.DuplicateUser, users.WrongOrganisation) as exc:
            raise CommandError(str(exc)) from exc
    print(f"created {user.role} {user.email} in {org.slug}, id {user.id}")
    if generated:
        print(f"password (shown once): {password}")


def _read_password(*, email: str, name: str) -> tuple[str, bool]:
    """Password from stdin when piped (first line), else generated. Returns (pw, generated).
    A piped password passes the same rule as one chosen on a page."""
    if sys.stdin is not None and not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
        if password:
            problem = password_problem(password, email=email, names=(name,))
            if problem:
                raise CommandError(problem)
            return password, False
    return generate_password(), True


async def cmd_seed_demo(args: argparse.Namespace, settings: Settings) -> None:
    from web.demo.history import seed_demo_history
    from web.demo.logins import print_logins, print_second_factor
    from web.demo.seed import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo
    from web.matching.service import weights_from

    if settings.environment == "production":
        raise CommandError("seed-demo refuses to run in production")
    async with connection(settings) as conn:
        await migrate(conn)
        async with conn.transaction():
            logins = await seed_demo(conn)
        async with conn.transaction():
            await seed_demo_history(conn, prior=weights_from(settings))
    print_logins(logins.rows, DEMO_PASSWORD)
    print_second_factor(DEMO_TOTP_SECRET)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> None:
    """Migrate once, then serve (web.serving); `--workers N`, `--with-worker`."""
    serve(
        settings,
        host=args.host,
        port=args.port,
        workers=getattr(args, "workers", None) or 1,
        with_worker=getattr(args, "with_worker", False),
    )


def cmd_worker(args: argparse.Namespace, settings: Settings) -> None:
    from web.worker.main import worker_main

    worker_main(settings)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> None:
    """Migrate, seed the demo world, serve and run a worker: what `make run` does."""
    asyncio.run(cmd_seed_demo(args, settings))
    mail_sink.start_for_demo(settings)  # no SMTP server configured: mail stays local
    print(f"\nPerspectief draait op http://{settings.host}:{settings.port}\n", flush=True)
    cmd_serve(argparse.Namespace(host=None, port=None, workers=1, with_worker=True), settings)


def cmd_rank_titles(args: argparse.Namespace, settings: Settings) -> None:
    from matcher.embedding import Encoder
    from matcher.taxonomy import rank_titles
    from matcher.tsv import read_pairs, write_rows

    concepts = dict(read_pairs(args.concepts)) if args.concepts else None
    esco_dir = settings.esco_dir if settings.esco_dir.exists() else None
    rows = rank_titles(
        read_pairs(args.corpus),
        read_pairs(args.queries),
        concepts=concepts,
        top=args.top,
        encoder=Encoder(settings.embedding_model),
        esco_dir=esco_dir,
        cache_dir=settings.cache_dir,
    )
    write_rows(args.out, rows)


def cmd_match_rank(args: argparse.Namespace, settings: Settings) -> None:
    from matcher.cli_match import rank_jsonl
    from matcher.embedding import Encoder
    from matcher.taxonomy import load_taxonomy
    from web.matching.service import weights_from

    encoder = Encoder(settings.embedding_model)  # its model's calibration comes with it
    taxonomy = load_taxonomy(settings.esco_dir, encoder=encoder, cache_dir=settings.cache_dir)
    rank_jsonl(
        args.vacancies,
        args.candidates,
        args.top,
        args.out,
        encoder=encoder,
        taxonomy=taxonomy,
        weights=weights_from(settings),  # the same settings as the service
        relevance_floor=settings.relevance_floor,
        reasons_path=args.reasons,
        summary=lambda line: print(line, file=sys.stderr),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="perspectief", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply pending database migrations").set_defaults(
        run=cmd_migrate
    )
    serve = sub.add_parser("serve", help="migrate and serve the web app")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--workers", type=int, default=1, help="web processes sharing the port (default 1)"
    )
    serve.add_argument(
        "--with-worker", action="store_true", help="also run a job worker as a child process"
    )
    serve.set_defaults(run=cmd_serve)
    sub.add_parser(
        "worker",
        help="run background jobs (imports, embedding, sweeps) from the PostgreSQL queue",
        description="Take jobs from the PostgreSQL job queue until SIGTERM/SIGINT: "
        "imports, embedding and the scheduled sweeps. Run as many as you like, on any "
        "machine that reaches the database (DATABASE_URL).",
    ).set_defaults(run=cmd_worker)
    sub.add_parser("seed-demo", help="load the demo world (idempotent)").set_defaults(
        run=cmd_seed_demo
    )
    sub.add_parser(
        "demo", help="migrate, seed the demo world, serve and run a worker"
    ).set_defaults(run=cmd_demo)
    sub.add_parser(
        "mailsink", help="a local SMTP server that keeps mail (development)"
    ).set_defaults(run=mail_sink.command)
    _add_orgs(sub)
    _add_users(sub)
    _add_taxonomy(sub)
    _add_match(sub)
    _add_vacancies(sub)
    _add_erasure(sub)
    add_reports(sub)
    return parser


def _add_orgs(sub: argparse._SubParsersAction) -> None:
    orgs = sub.add_parser("orgs", help="organisations").add_subparsers(dest="action", required=True)
    create = orgs.add_parser("create", help="create an organisation")
    create.add_argument("--kind", required=True, choices=organisations.KINDS)
    create.add_argument("--name", required=True)
    create.add_argument("--slug", required=True)
    create.set_defaults(run=cmd_orgs_create)


def _add_users(sub: argparse._SubParsersAction) -> None:
    users_ = sub.add_parser("users", help="users").add_subparsers(dest="action", required=True)
    create = users_.add_parser(
        "create", help="create a user; password from stdin, or generated and printed once"
    )
    create.add_argument("--role", required=True, choices=users.ROLES)
    create.add_argument("--org", required=True, help="organisation slug")
    create.add_argument("--email", required=True)
    create.add_argument("--name", help="display name")
    create.set_defaults(run=cmd_users_create)


def _add_taxonomy(sub: argparse._SubParsersAction) -> None:
    tax = sub.add_parser("taxonomy", help="ESCO taxonomy").add_subparsers(
        dest="action", required=True
    )
    rank = tax.add_parser("rank-titles", help="rank corpus labels for each query title")
    rank.add_argument("--corpus", required=True, type=Path, help="TSV cid<TAB>label")
    rank.add_argument("--queries", required=True, type=Path, help="TSV qid<TAB>text")
    rank.add_argument("--concepts", type=Path, help="TSV cid<TAB>ESCO URI")
    rank.add_argument("--top", type=int, default=100)
    rank.add_argument("--out", required=True, type=Path, help="TSV qid, cid, rank, score")
    rank.set_defaults(run=cmd_rank_titles)


def _add_match(sub: argparse._SubParsersAction) -> None:
    match = sub.add_parser("match", help="matching engine").add_subparsers(
        dest="action", required=True
    )
    rank = match.add_parser("rank", help="rank vacancies for each candidate (no database)")
    rank.add_argument("--vacancies", required=True, type=Path, help="JSON lines, vacancy fields")
    rank.add_argument("--candidates", required=True, type=Path, help="JSON lines, candidate fields")
    rank.add_argument("--top", type=int, default=10)
    rank.add_argument("--out", required=True, type=Path, help="TSV candidate, vacancy, rank, score")
    rank.add_argument(
        "--reasons", type=Path, help="TSV candidate, suggested, reason, count: why lists are short"
    )
    rank.set_defaults(run=cmd_match_rank)


async def cmd_vacancies_import(args: argparse.Namespace, settings: Settings) -> None:
    from web.vacancies.imports.command import ImportRefused, import_file, summary

    try:
        batch = await import_file(args, settings)
    except ImportRefused as exc:
        raise CommandError(str(exc)) from exc
    print(summary(batch))


def _add_vacancies(sub: argparse._SubParsersAction) -> None:
    vac = sub.add_parser("vacancies", help="vacancies").add_subparsers(dest="action", required=True)
    imp = vac.add_parser("import", help="import a CSV, XLSX or JSON-LD file of vacancies")
    imp.add_argument("file", type=Path)
    imp.add_argument("--organisation", required=True, help="organisation slug")
    imp.add_argument("--full-feed", action="store_true", help="close open vacancies not in FILE")
    imp.add_argument("--report", type=Path, help="write rejected rows to this CSV")
    imp.set_defaults(run=cmd_vacancies_import)


async def cmd_candidates_erase(args: argparse.Namespace, settings: Settings) -> None:
    from web.oversight.command import ErasureRefused, ask_on_terminal, erase

    async with connection(settings) as conn:
        try:
            await erase(
                conn,
                candidate_id=args.id,
                reason=args.reason,
                confirmed=args.yes,
                ask=ask_on_terminal,
            )
        except ErasureRefused as exc:
            raise CommandError(str(exc)) from exc


async def cmd_retention_run(args: argparse.Namespace, settings: Settings) -> None:
    from web.oversight.command import run_retention

    async with connection(settings) as conn:
        await run_retention(conn, settings, dry_run=args.dry_run)


def _add_erasure(sub: argparse._SubParsersAction) -> None:
    from web.oversight.erasure import REASONS

    cand = sub.add_parser("candidates", help="candidates").add_subparsers(
        dest="action", required=True
    )
    erase = cand.add_parser(
        "erase",
        help="erase a candidate and every copy; proposals and the audit log keep a pseudonym",
    )
    erase.add_argument("id", type=_candidate_id, help="the candidate's id")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.add_argument("--reason", choices=sorted(REASONS), default="request")
    erase.set_defaults(run=cmd_candidates_erase)
    ret = sub.add_parser("retention", help="retention").add_subparsers(dest="action", required=True)
    run = ret.add_parser(
        "run", help="erase inactive candidates, delete old sessions, login attempts, files"
    )
    run.add_argument("--dry-run", action="store_true", help="count only, change nothing")
    run.set_defaults(run=cmd_retention_run)


def _candidate_id(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) < 2**63:
        raise argparse.ArgumentTypeError(f"not a candidate id: {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    configure_process(settings)
    run: Callable = args.run
    try:
        result = run(args, settings)
        if asyncio.iscoroutine(result):
            asyncio.run(result)
    except (CommandError, MigrationError) as exc:
        print(f"perspectief: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
