"""The words of a mail: plain Dutch, one short notice per event, each with the link to
the page where it is handled. Pure functions over the facts a reader may know.

An agency's notice never names the candidate (they are "Kandidaat P-<proposal>", as on
the agency's pages before consent); no notice has a field for anything justice-related.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from web.notifications.repositories.mail_facts import (
    AgencyFacts,
    CandidateFacts,
    CoachFacts,
    Contact,
)

ANSWERED = {
    "interview": "{employer} nodigt {name} uit voor een gesprek",
    "hired": "{employer} neemt {name} aan",
    "declined_by_agency": "{employer} kiest niet voor {name}",
}
CHECKIN_WORDS = {
    "working_1m": "na 1 maand ",
    "working_3m": "na 3 maanden ",
    "working_6m": "na 6 maanden ",
}
SETTINGS_PATH = "/account/notifications"


@dataclass(frozen=True)
class Notice:
    subject: str  # one line
    text: str  # what happened and what to do, in a sentence or two (a digest's item)
    link: str  # the page where it is handled (absolute)


def proposal_shared(facts: AgencyFacts, base_url: str) -> Notice:
    title = f"{facts.vacancy_title} ({facts.external_ref})"
    return Notice(
        subject=f"Nieuw voorstel voor je vacature {facts.vacancy_title}",
        text=f"Een jobcoach stelt Kandidaat P-{facts.proposal_id} voor bij {title}. "
        "Je ziet naam en contactgegevens als de kandidaat daar toestemming voor geeft. "
        "Bekijk het profiel en geef antwoord.",
        link=f"{base_url}/agency/proposals/{facts.proposal_id}",
    )


def agency_answered(facts: CoachFacts, state: str, base_url: str) -> Notice:
    what = ANSWERED.get(state, "{employer} heeft gereageerd op {name}")
    subject = what.format(employer=facts.employer, name=facts.candidate_name)
    return Notice(
        subject=subject,
        text=f"{subject}, voor de vacature {facts.vacancy_title}. "
        f"Kijk op de pagina van {facts.candidate_name} wat de volgende stap is.",
        link=f"{base_url}/coach/candidates/{facts.candidate_id}",
    )


def checkin_due(facts: CoachFacts, checkin: str, base_url: str) -> Notice:
    after = CHECKIN_WORDS.get(checkin, "")
    return Notice(
        subject=f"Check-in {after}voor {facts.candidate_name}",
        text=f"Het is tijd om te vragen hoe het gaat met {facts.candidate_name} bij "
        f"{facts.employer} ({facts.vacancy_title}). Werkt {facts.candidate_name} daar nog? "
        "Vul de check-in in op de pagina van de kandidaat.",
        link=f"{base_url}/coach/candidates/{facts.candidate_id}",
    )


def job_card(facts: CandidateFacts, base_url: str) -> Notice:
    return Notice(
        subject="Je jobcoach heeft een baan voor je",
        text=f"Je jobcoach denkt dat deze baan bij je past: {facts.vacancy_title} bij "
        f"{facts.employer}. Kijk of je hem wilt. Op je pagina zeg je: lijkt me wat, "
        "of: niet voor mij.",
        link=f"{base_url}/candidate",
    )


def message(contact: Contact, notices: list[Notice], *, sender: str, base_url: str) -> EmailMessage:
    """One mail: a single notice, or a digest of several."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = contact.email
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain="perspectief")
    mail["Subject"] = _subject(notices)
    mail.set_content(_body(contact, notices, base_url))
    return mail


def _subject(notices: list[Notice]) -> str:
    if len(notices) == 1:
        return notices[0].subject
    return f"Perspectief: {len(notices)} meldingen voor je"


def _body(contact: Contact, notices: list[Notice], base_url: str) -> str:
    greeting = f"Hallo {contact.display_name}," if contact.display_name else "Hallo,"
    if len(notices) == 1:
        lines = [notices[0].text, "", f"Bekijk het hier: {notices[0].link}"]
    else:
        lines = ["Dit is je overzicht van Perspectief.", ""]
        for notice in notices:
            lines += [f"- {notice.text}", f"  {notice.link}", ""]
    footer = (
        "Je krijgt deze mail van Perspectief. Wil je liever één mail per melding, "
        f"of één overzicht per dag? Kies het hier: {base_url}{SETTINGS_PATH}"
    )
    return "\n".join([greeting, "", *lines, "", footer, ""])
