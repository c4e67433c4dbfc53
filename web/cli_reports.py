"""`perspectief report outcomes|fairness`: a municipality's reports on stdout."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from web.cli_support import CommandError, connection
from web.settings import Settings


async def cmd_report_outcomes(args: argparse.Namespace, settings: Settings) -> None:
    from web.oversight.command import outcome_report

    await _print_report(args, settings, outcome_report, output=args.format)


async def cmd_report_fairness(args: argparse.Namespace, settings: Settings) -> None:
    from web.oversight.command import fairness_report

    if args.format != "json":
        raise CommandError(f"onbekend formaat '{args.format}': de monitor kent alleen json")
    await _print_report(args, settings, fairness_report)


async def _print_report(
    args: argparse.Namespace, settings: Settings, make: Callable, **extra: str
) -> None:
    """A municipality's report for the asked period on stdout; a bad argument is a
    Dutch message and exit code 1."""
    from web.oversight.command import ReportRefused
    from web.oversight.report_periods import today_in_amsterdam

    if not args.organisation:
        raise CommandError("geef de gemeente op met --organisation CODE")
    async with connection(settings) as conn:
        try:
            text = await make(
                conn,
                slug=args.organisation,
                first=args.first,
                last=args.last,
                today=today_in_amsterdam(),
                **extra,
            )
        except ReportRefused as exc:
            raise CommandError(str(exc)) from exc
    sys.stdout.write(text)


def add_reports(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="reports").add_subparsers(dest="action", required=True)
    _report(
        report,
        "outcomes",
        "a municipality's outcomes (funnel, retention, time to a job, per coach and "
        "agency; groups under 5 people hidden) on stdout",
        formats=("csv", "csv (default) or json"),
        run=cmd_report_outcomes,
    )
    _report(
        report,
        "fairness",
        "a municipality's fairness monitor (rates per age band, postcode area and "
        "stated gender against the best-off group; groups under 5 hidden) as JSON",
        formats=("json", "json (the only format)"),
        run=cmd_report_fairness,
    )


def _report(
    report: argparse._SubParsersAction,
    name: str,
    about: str,
    *,
    formats: tuple[str, str],
    run: Callable,
) -> None:
    """One report command: the municipality, the period and the format."""
    parser = report.add_parser(name, help=about)
    parser.add_argument("--organisation", help="the municipality's slug")
    parser.add_argument("--from", dest="first", help="first day, YYYY-MM-DD (12 months back)")
    parser.add_argument("--to", dest="last", help="last day, YYYY-MM-DD (default today)")
    parser.add_argument("--format", default=formats[0], help=formats[1])
    parser.set_defaults(run=run)
