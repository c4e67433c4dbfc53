"""The demo world around Utrecht: its organisations and their staff.

The vacancies' building blocks are in vacancy_blocks.py, the candidates' in
candidate_blocks.py. Everything here is invented; names of organisations and people
are fictional.
"""

from __future__ import annotations

MUNICIPALITY = ("municipality", "Gemeente Utrecht — Team Werk & Perspectief", "gemeente-utrecht")
AGENCIES = [
    ("agency", "Domstad Uitzendzaken", "domstad-uitzend"),
    ("agency", "Vechtstroom Flexwerk", "vechtstroom-flex"),
    ("agency", "Startbaan Midden-Nederland", "startbaan"),
]
EMPLOYERS = [
    ("employer", "Bouwbedrijf Van Wijk & Zonen", "van-wijk-bouw"),
    ("employer", "Groenwerk Utrecht", "groenwerk-utrecht"),
]
SECOND_CHANCE_ORGS = {"startbaan", "groenwerk-utrecht"}
EMPLOYER_SECTORS = {"van-wijk-bouw": "bouw", "groenwerk-utrecht": "groen"}

COACHES = [
    ("Fatima El Amrani", "fatima.elamrani@utrecht.demo"),
    ("Jeroen de Bruin", "jeroen.debruin@utrecht.demo"),
    ("Sanne Visser", "sanne.visser@utrecht.demo"),
]
ADMIN = ("Marloes Admin", "beheer@utrecht.demo")
