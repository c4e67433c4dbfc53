"""Building blocks of the demo vacancies: places of work, jobs per sector, employers.

Everything here is invented; names of employers are fictional.
"""

from __future__ import annotations

# Work locations: (postcode, city) spread over the region.
WORK_PLACES = [
    ("3542", "Utrecht"),
    ("3526", "Utrecht"),
    ("3511", "Utrecht"),
    ("3584", "Utrecht"),
    ("3439", "Nieuwegein"),
    ("3433", "Nieuwegein"),
    ("3991", "Houten"),
    ("3994", "Houten"),
    ("3701", "Zeist"),
    ("3603", "Maarssen"),
    ("3401", "IJsselstein"),
    ("3454", "De Meern"),
    ("3452", "Vleuten"),
    ("3447", "Woerden"),
    ("3821", "Amersfoort"),
    ("3981", "Bunnik"),
    ("3721", "Bilthoven"),
    ("4131", "Vianen"),
    ("3565", "Utrecht"),
    ("3555", "Utrecht"),
]

# sector -> list of (title, skills, description, extra) ; extra tweaks the vacancy.
SECTORS: dict[str, list[tuple[str, list[str], str, dict]]] = {
    "logistiek": [
        (
            "Orderpicker",
            ["orders verzamelen", "scanner gebruiken", "nauwkeurig werken"],
            "Je verzamelt bestellingen in ons distributiecentrum met een handscanner.",
            {},
        ),
        (
            "Heftruckchauffeur",
            ["heftruck rijden", "pallets laden en lossen", "voorraad beheren"],
            "Je laadt en lost vrachtwagens en zet pallets in de stellingen.",
            {"required_certificates": ["heftruckcertificaat"]},
        ),
        (
            "Magazijnmedewerker",
            ["goederen ontvangen", "orders verzamelen", "inpakken"],
            "Je helpt bij ontvangst, opslag en verzending van goederen.",
            {},
        ),
        (
            "Bezorger pakketten",
            ["pakketten bezorgen", "route plannen", "klantvriendelijk"],
            "Je bezorgt pakketten in de regio met een elektrische bus.",
            {"driving_licence": "B"},
        ),
    ],
    "horeca": [
        (
            "Afwasser / keukenhulp",
            ["afwassen", "hygiëne", "keuken schoonmaken"],
            "Je houdt de keuken schoon en helpt de koks met voorbereiden.",
            {"shifts": ["evening", "weekend"]},
        ),
        (
            "Leerling-kok (BBL)",
            ["koken", "ingrediënten voorbereiden", "HACCP"],
            "Je leert het vak in onze keuken en gaat één dag per week naar school.",
            {"bbl": True, "contract_type": "bbl", "shifts": ["day", "evening"]},
        ),
        (
            "Bediening restaurant",
            ["gasten ontvangen", "bestellingen opnemen", "kassa"],
            "Je ontvangt gasten en zorgt dat ze een fijne avond hebben.",
            {"shifts": ["evening", "weekend"]},
        ),
        (
            "Medewerker lunchroom",
            ["broodjes maken", "koffie zetten", "klantvriendelijk"],
            "Je maakt broodjes en koffie voor onze gasten in de binnenstad.",
            {},
        ),
    ],
    "retail": [
        (
            "Vakkenvuller",
            ["vakken vullen", "voorraad controleren", "netjes werken"],
            "Je vult de vakken en zorgt dat de winkel er netjes uitziet.",
            {"shifts": ["evening"]},
        ),
        (
            "Kassamedewerker",
            ["kassa", "klantvriendelijk", "geld afrekenen"],
            "Je rekent af met klanten en helpt ze met vragen.",
            {"shifts": ["day", "weekend"]},
        ),
        (
            "Verkoopmedewerker sportwinkel",
            ["klanten adviseren", "verkopen", "sportkennis"],
            "Je adviseert klanten over sportkleding en schoenen.",
            {"shifts": ["day", "weekend"]},
        ),
    ],
    "bouw": [
        (
            "Leerling-timmerman (BBL)",
            ["timmeren", "bouwtekeningen lezen", "gereedschap gebruiken"],
            "Je leert het timmervak op de bouwplaats en op school.",
            {"bbl": True, "contract_type": "bbl", "paid_certificates": ["VCA"]},
        ),
        (
            "Bouwplaatsmedewerker",
            ["sjouwen", "bouwplaats opruimen", "veilig werken"],
            "Je helpt de vakmensen op de bouwplaats.",
            {"required_certificates": ["VCA"]},
        ),
        (
            "Stratenmaker in opleiding",
            ["bestraten", "zand en stenen leggen", "buiten werken"],
            "Je leert straten en pleinen aanleggen.",
            {"paid_certificates": ["VCA"], "bbl": True},
        ),
        (
            "Schilder (leerling)",
            ["schilderen", "schuren", "kitten"],
            "Je schildert woningen binnen en buiten en leert het vak.",
            {"paid_certificates": ["VCA"]},
        ),
    ],
    "installatie": [
        (
            "Leerling-monteur installatietechniek",
            ["leidingen leggen", "technisch inzicht", "monteren"],
            "Je installeert verwarming en water in nieuwbouwwoningen en gaat naar school.",
            {"bbl": True, "contract_type": "bbl", "paid_certificates": ["VCA"]},
        ),
        (
            "Hulpmonteur zonnepanelen",
            ["zonnepanelen monteren", "werken op hoogte", "technisch inzicht"],
            "Je monteert zonnepanelen op daken in de regio.",
            {"required_certificates": ["VCA"], "driving_licence": "B"},
        ),
        (
            "Leerling elektricien",
            ["elektra aanleggen", "meten", "technisch inzicht"],
            "Je legt elektra aan en leert voor je diploma.",
            {"bbl": True, "contract_type": "bbl"},
        ),
    ],
    "schoonmaak": [
        (
            "Schoonmaker kantoren",
            ["schoonmaken", "zelfstandig werken", "hygiëne"],
            "Je maakt kantoren schoon in de vroege ochtend of avond.",
            {"shifts": ["evening"]},
        ),
        (
            "Glazenwasser in opleiding",
            ["ramen wassen", "werken op hoogte", "buiten werken"],
            "Je leert glazenwassen bij bedrijven en woningen.",
            {"paid_certificates": ["VCA"]},
        ),
        (
            "Medewerker schoonmaak ziekenhuis",
            ["schoonmaken", "hygiëne", "protocollen volgen"],
            "Je houdt afdelingen van het ziekenhuis schoon.",
            {"shifts": ["day", "weekend"]},
        ),
    ],
    "beveiliging": [
        (
            "Beveiliger in opleiding",
            ["toezicht houden", "rapporteren", "communiceren"],
            "Je beveiligt gebouwen en evenementen en haalt je diploma Beveiliger 2.",
            {
                "vog_required": True,
                "paid_certificates": ["beveiligingsdiploma"],
                "shifts": ["day", "evening", "night", "weekend"],
            },
        ),
        (
            "Toezichthouder parkeergarage",
            ["toezicht houden", "klantvriendelijk", "rapporteren"],
            "Je houdt toezicht in een parkeergarage en helpt bezoekers.",
            {"vog_required": True, "shifts": ["day", "evening"]},
        ),
    ],
    "groen": [
        (
            "Hovenier in opleiding",
            ["tuinen aanleggen", "snoeien", "buiten werken"],
            "Je legt tuinen aan en onderhoudt ze, en gaat naar school voor je diploma.",
            {"bbl": True, "contract_type": "bbl"},
        ),
        (
            "Medewerker groenonderhoud",
            ["maaien", "snoeien", "buiten werken"],
            "Je onderhoudt parken en plantsoenen in de gemeente.",
            {},
        ),
        (
            "Medewerker kwekerij",
            ["planten verzorgen", "oppotten", "buiten werken"],
            "Je verzorgt planten in onze kwekerij.",
            {},
        ),
    ],
    "zorg": [
        (
            "Helpende zorg en welzijn (BBL)",
            ["verzorgen", "communiceren", "empathie"],
            "Je helpt ouderen in het dagelijks leven en volgt een opleiding.",
            {
                "bbl": True,
                "contract_type": "bbl",
                "vog_required": True,
                "shifts": ["day", "evening", "weekend"],
            },
        ),
        (
            "Medewerker facilitaire dienst zorginstelling",
            ["maaltijden rondbrengen", "schoonmaken", "klantvriendelijk"],
            "Je zorgt dat bewoners hun maaltijd krijgen en helpt bij facilitaire taken.",
            {"vog_required": True},
        ),
    ],
    "productie": [
        (
            "Productiemedewerker voedingsmiddelen",
            ["machines bedienen", "hygiëne", "inpakken"],
            "Je werkt aan de productielijn van een bakkerij.",
            {"shifts": ["day", "evening", "night"]},
        ),
        (
            "Operator in opleiding",
            ["machines bedienen", "storingen oplossen", "technisch inzicht"],
            "Je leert productiemachines instellen en bedienen.",
            {"shifts": ["day", "evening"]},
        ),
        (
            "Inpakker",
            ["inpakken", "nauwkeurig werken", "tempo maken"],
            "Je pakt producten in voor verzending.",
            {},
        ),
    ],
    "autotechniek": [
        (
            "Leerling-automonteur (BBL)",
            ["auto's onderhouden", "banden wisselen", "technisch inzicht"],
            "Je onderhoudt auto's in onze garage en gaat één dag per week naar school.",
            {"bbl": True, "contract_type": "bbl"},
        ),
        (
            "Bandenwisselaar",
            ["banden wisselen", "klantvriendelijk", "technisch inzicht"],
            "Je wisselt banden en doet kleine onderhoudsklussen.",
            {},
        ),
    ],
}

EMPLOYER_NAMES = {
    "logistiek": ["DC Lage Weide", "Pakketcentrum Nieuwegein", "Houten Logistics"],
    "horeca": ["Brasserie De Werf", "Lunchroom Oudegracht", "Hotel Domzicht"],
    "retail": ["Supermarkt Buurtvers", "SportPlaza Hoog Catharijne", "Bouwmarkt Klusgoed"],
    "bouw": ["Van Wijk & Zonen", "Bouwcombinatie Leidsche Rijn", "Schildersbedrijf Kleurrijk"],
    "installatie": ["Installatietechniek Midden", "ZonWerk Utrecht", "Elektro De Vecht"],
    "schoonmaak": [
        "Schoonmaakbedrijf Helder",
        "Glansrijk Glazenwassers",
        "Schoon Ziekenhuisdiensten",
    ],
    "beveiliging": ["Stadswacht Beveiliging", "ParkVeilig"],
    "groen": ["Groenwerk Utrecht", "Kwekerij De Kromme Rijn", "Hoveniers Amelisweerd"],
    "zorg": ["Zorggroep Het Park", "Woonzorg De Linde"],
    "productie": [
        "Bakkerij Utrechtse Bol",
        "Verpakkingen Midden-Nederland",
        "Metaalfabriek Lage Weide",
    ],
    "autotechniek": ["Garage De Meern", "Bandencentrum Nieuwegein"],
}
