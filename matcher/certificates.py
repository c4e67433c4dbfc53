"""Certificate names as people write them, folded to one canonical name per certificate
("VCA-basis", "basis VCA" → vca), and what holding one implies (VCA-VOL covers VCA).

Why its own module: the hard constraint (matcher.constraints), the skill-gap advice
(matcher.advice) and the candidate's own page all compare certificates the same way.
"""

from __future__ import annotations

import re

from matcher.folding import fold
from matcher.models import Candidate

# Spelling variants → one canonical certificate name.
CERTIFICATE_ALIASES = {
    "vca": "vca",
    "basisvca": "vca",
    "vcabasis": "vca",
    "bvca": "vca",
    "vcavol": "vca-vol",
    "volvca": "vca-vol",
    "vvca": "vca-vol",
    "heftruck": "heftruck",
    "heftruckrijbewijs": "heftruck",
    "rijbewijsheftruck": "heftruck",
    "forklift": "heftruck",
    "reachtruck": "reachtruck",
    "haccp": "haccp",
    "hygienecode": "haccp",
    "beveiliging": "beveiliging",
    "beveiliger": "beveiliging",
    "beveiliger2": "beveiliging",
    "beveiligings": "beveiliging",
    "beveiliging2": "beveiliging",
    "mbo2beveiliger": "beveiliging",
    "security": "beveiliging",
    "bhv": "bhv",
    "bedrijfshulpverlening": "bhv",
    "socialehygiene": "svh",
    "svh": "svh",
}
# Holding the key also satisfies the values (VCA-VOL covers basis VCA, …).
CERTIFICATE_IMPLIES = {"vca-vol": {"vca"}, "reachtruck": set()}
_CERT_NOISE = re.compile(r"certificaat|certificate|diploma|cursus|[^a-z0-9]")


def normalise_certificate(name: str) -> str:
    """Canonical certificate name: 'VCA-basis' → 'vca', 'Heftruckcertificaat' → 'heftruck'."""
    key = _CERT_NOISE.sub("", fold(name))
    return CERTIFICATE_ALIASES.get(key, key)


def held_certificates(candidate: Candidate) -> set[str]:
    """The canonical names of the certificates a candidate holds, with what they imply."""
    held = {normalise_certificate(c) for c in candidate.certificates}
    for cert in list(held):
        held |= CERTIFICATE_IMPLIES.get(cert, set())
    return held
