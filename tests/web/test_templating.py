"""The form macros: every POST form carries the page's CSRF token, also in a fragment
rendered on its own, and values are escaped."""

from __future__ import annotations

from jinja2_fragments import render_block

from web.templating import template_files, templates

# The upload form keeps its own markup (multipart, progress bar, htmx encoding).
BY_HAND = {"macros.html", "agency/imports.html", "admin/erasure.html"}


def test_post_button_carries_the_token_hidden_fields_and_escapes() -> None:
    page = templates.env.from_string(
        '{{ post_button("/x/1", "Ga <nu>", {"to_state": "a\\"b"}, button_class="outline") }}'
    )
    html = page.render(csrf_token="TOKEN")
    assert '<form method="post" action="/x/1">' in html
    assert '<input type="hidden" name="csrf_token" value="TOKEN">' in html
    assert '<input type="hidden" name="to_state" value="a&#34;b">' in html
    assert '<button type="submit" class="outline">Ga &lt;nu&gt;</button>' in html


def test_post_form_in_a_fragment_rendered_alone_has_the_token() -> None:
    # The coach's decision forms live in the `suggestions` block that htmx asks for.
    html = render_block(
        templates.env,
        "coach/candidate.html",
        "suggestions",
        csrf_token="TOKEN",
        show_suggestions=True,
        suggestions_enabled=True,
        candidate={"id": 7},
        found=_one_card(),
        approve_reasons={"goed": "goede match"},
        reject_reasons={"ver": "te ver"},
    )
    assert html.count('name="csrf_token" value="TOKEN"') == 2
    assert 'hx-post="/coach/candidates/7/decisions" hx-target="#decide-3"' in html


def test_no_template_writes_the_csrf_input_by_hand() -> None:
    found = template_files()
    by_hand = [
        name
        for name, path in found.items()
        if 'name="csrf_token"' in path.read_text(encoding="utf-8")
    ]
    assert "coach/candidate.html" in found and len(found) > 25
    assert set(by_hand) <= BY_HAND


def test_every_template_file_loads_by_its_name() -> None:
    for name, path in template_files().items():
        assert templates.env.get_template(name).filename == str(path)


def _one_card() -> object:
    vacancy = {"id": 3, "title": "Heftruckchauffeur", "employer_name": "", "city": "Utrecht"}
    card = {
        "vacancy": vacancy,
        "log_id": 11,
        "score_percent": 80,
        "perspective": 60,
        "reasons": [],
        "warnings": [],
        "coach_notes": [],
        "bars": [],
        "perspective_lines": [],
    }
    return {"cards": [card], "rejected": 0, "state": "ready"}
