"""Jinja2 templates with htmx fragments as named blocks (jinja2-fragments)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import Response
from jinja2_fragments.fastapi import Jinja2Blocks

from web import formatting, labels

WEB_DIR = Path(__file__).parent
# The shared frame (base.html, macros.html) lives here; every page package keeps its
# own templates beside its routes, reached as "<prefix>/<name>.html".
TEMPLATES_DIR = WEB_DIR / "templates"
PAGE_TEMPLATES = {
    "coach": WEB_DIR / "pages" / "coach" / "templates",
    "agency": WEB_DIR / "pages" / "agency" / "templates",
    "candidate": WEB_DIR / "pages" / "candidate" / "templates",
    "admin": WEB_DIR / "pages" / "admin" / "templates",
    "account": WEB_DIR / "pages" / "account" / "templates",
    "auth": WEB_DIR / "pages" / "public" / "templates" / "auth",
    "welcome": WEB_DIR / "pages" / "public" / "templates" / "welcome",
    "errors": WEB_DIR / "pages" / "public" / "templates" / "errors",
    "algorithm": WEB_DIR / "pages" / "public" / "templates" / "algorithm",
    "api": WEB_DIR / "api" / "templates",
}


def _loader() -> jinja2.BaseLoader:
    pages = {prefix: jinja2.FileSystemLoader(str(path)) for prefix, path in PAGE_TEMPLATES.items()}
    return jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(str(TEMPLATES_DIR)), jinja2.PrefixLoader(pages)]
    )


def template_files() -> dict[str, Path]:
    """Every template by the name a route renders it with."""
    found = {p.relative_to(TEMPLATES_DIR).as_posix(): p for p in TEMPLATES_DIR.glob("*.html")}
    for prefix, folder in PAGE_TEMPLATES.items():
        for path in folder.rglob("*.html"):
            found[f"{prefix}/{path.relative_to(folder).as_posix()}"] = path
    return found


templates = Jinja2Blocks(
    env=jinja2.Environment(loader=_loader(), autoescape=jinja2.select_autoescape())
)

ROLE_NAMES = {
    "jobcoach": "Jobcoach",
    "agency": "Uitzendbureau / werkgever",
    "candidate": "Kandidaat",
    "admin": "Beheerder",
}
templates.env.globals["ROLE_NAMES"] = ROLE_NAMES
templates.env.globals.update(
    SHIFT_LABELS=labels.SHIFT_LABELS,
    TRAVEL_LABELS=labels.TRAVEL_LABELS,
    CONTRACT_LABELS=labels.CONTRACT_LABELS,
    STATUS_LABELS=labels.STATUS_LABELS,
    LANGUAGE_LABELS=labels.LANGUAGE_LABELS,
    VACANCY_STATUS_LABELS=labels.VACANCY_STATUS_LABELS,
    ORGANISATION_KIND_LABELS=labels.ORGANISATION_KIND_LABELS,
)
# One Dutch format for every page (web.formatting): `{{ wage|money }}`, `{{ at|moment }}`,
# `{{ n|count("goede match", "goede matches") }}`, `{{ hours(low, high) }}`.
FORMATS = {
    "number": formatting.number,
    "money": formatting.money,
    "percent": formatting.percent,
    "number_range": formatting.number_range,
    "hours": formatting.hours,
    "count": formatting.count,
    "day": formatting.day,
    "clock": formatting.clock,
    "moment": formatting.moment,
}
templates.env.filters.update(FORMATS)
templates.env.globals.update(FORMATS)


def _form_macro(name: str) -> Any:
    """A macro of macros.html, callable from any template or fragment. A template's
    own `{% import %}` is not run when only one of its blocks is rendered, so the macros
    are globals; each call reads the page's context (the CSRF token)."""

    @jinja2.pass_context
    def call(context: jinja2.runtime.Context, *args: Any, **kwargs: Any) -> Any:
        module = context.environment.get_template("macros.html").make_module(context.get_all())
        return getattr(module, name)(*args, **kwargs)

    return call


templates.env.globals.update(
    post_form=_form_macro("post_form"), post_button=_form_macro("post_button")
)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    htmx_block: str | None = None,
    status_code: int = 200,
) -> Response:
    """Render a page, or only `block` of it — or only `htmx_block` when htmx asks.

    Responses that vary by HX-Request say so (Vary), for caches."""
    if block is None and htmx_block is not None and is_htmx(request):
        block = htmx_block
    session = getattr(request.state, "session", None)
    ctx = {
        "request": request,
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "user": session.user if session else None,
        # Links handed to people (invitations, API examples) use the configured address,
        # never the Host header: a forged Host must not change a link a coach passes on.
        "public_base_url": request.app.state.settings.public_base_url,
        **(context or {}),
    }
    kwargs: dict[str, Any] = {"status_code": status_code}
    if block is not None:
        kwargs["block_name"] = block
    response: Response = templates.TemplateResponse(request, name, ctx, **kwargs)
    response.headers["Vary"] = "HX-Request"
    return response
