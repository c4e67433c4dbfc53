"""The small Utrecht world `bench/coach_choice.py` ranks: 72 vacancies and 26 young
people written the way Utrecht-region agencies and jobcoaches write them (invented; no
benchmark titles). Each candidate is a case a coach meets: an ambition beside other
experience, a vague wish, a wish the market barely has, a wage that is legal for a
19-year-old and not for a 23-year-old."""

# ruff: noqa: E501 (one vacancy or candidate per line reads best as a table)
from __future__ import annotations

from typing import Any

# (id, title, sector, skills, description, postcode, extra fields)
VACANCIES: list[tuple[str, str, str, str, str, str, dict[str, Any]]] = [
    ("V01", "Afwasser", "horeca", "afwassen; keuken schoonmaken", "Je houdt de spoelkeuken van ons restaurant aan de Oudegracht schoon.", "3511", {"shifts": "dag; avond", "hourly_wage": "15,10"}),
    ("V02", "Medewerker spoelkeuken", "horeca", "afwassen; vaatwasser bedienen", "Afwassen en de keuken schoonhouden in een hotel bij het station.", "3521", {"shifts": "dag; avond; weekend", "hourly_wage": "14,80"}),
    ("V03", "Afwasser / keukenhulp", "horeca", "afwassen; groente snijden", "Afwassen en meehelpen in de keuken van een brasserie.", "3581", {"shifts": "avond; weekend", "hourly_wage": "15,00"}),
    ("V04", "Spoelkeukenmedewerker bedrijfsrestaurant", "horeca", "afwassen", "Afwassen in de bedrijfskeuken van een kantoor op Papendorp.", "3528", {"hourly_wage": "14,90", "stable_hours": "ja"}),
    ("V05", "Afwasser weekend", "horeca", "afwassen; schoonmaken", "Afwassen in het weekend in een pannenkoekenrestaurant.", "3452", {"shifts": "weekend", "hourly_wage": "14,75"}),
    ("V06", "Leerling kok (BBL)", "horeca", "koken; HACCP", "Je leert het vak van kok in onze keuken en haalt je mbo-diploma niveau 2.", "3512", {"bbl": "ja", "contract_type": "bbl", "shifts": "dag; avond", "hourly_wage": "14,80", "permanent_after_months": "12"}),
    ("V07", "Kok in opleiding", "horeca", "koken", "Word kok: je werkt en leert in ons restaurant in Lombok, met de koksopleiding erbij.", "3531", {"bbl": "ja", "contract_type": "bbl", "training": "koksopleiding niveau 2", "hourly_wage": "12,50", "shifts": "dag; avond"}),
    ("V08", "Zelfstandig werkend kok", "horeca", "koken; menu samenstellen; HACCP", "Je kookt zelfstandig a la carte in een druk restaurant.", "3511", {"hourly_wage": "17,50", "shifts": "avond; weekend"}),
    ("V09", "Bediening / gastvrouw of gastheer", "horeca", "gasten ontvangen; bestellingen opnemen", "Je ontvangt gasten en neemt bestellingen op in ons grand café.", "3512", {"shifts": "dag; avond; weekend", "hourly_wage": "14,75"}),
    ("V10", "Barista", "horeca", "koffie zetten; klantvriendelijk", "Koffie zetten en gasten helpen in een koffiebar in de Twijnstraat.", "3511", {"hourly_wage": "14,80", "shifts": "dag; weekend"}),
    ("V11", "Orderpicker", "logistiek", "orders verzamelen; scanner gebruiken", "Je verzamelt bestellingen in ons distributiecentrum met een handscanner.", "3542", {"hourly_wage": "14,90", "contract_type": "uitzend", "permanent_after_months": "6"}),
    ("V12", "Heftruckchauffeur", "logistiek", "heftruck rijden; pallets laden en lossen", "Je laadt en lost vrachtwagens en zet pallets in de stellingen.", "3542", {"required_certificates": "heftruck", "hourly_wage": "15,60"}),
    ("V13", "Magazijnmedewerker", "logistiek", "goederen ontvangen; orders verzamelen; inpakken", "Je helpt bij ontvangst, opslag en verzending van goederen.", "3439", {"hourly_wage": "14,85", "paid_certificates": "heftruck"}),
    ("V14", "Medewerker inpak en expeditie", "logistiek", "inpakken; etiketten plakken", "Je pakt webwinkelbestellingen in en maakt ze klaar voor verzending.", "3991", {"hourly_wage": "14,75"}),
    ("V15", "Pakketbezorger", "logistiek", "pakketten bezorgen; route plannen", "Je bezorgt pakketten in Utrecht met een elektrische bus.", "3541", {"driving_licence": "B", "hourly_wage": "15,20"}),
    ("V16", "Fietskoerier maaltijden", "logistiek", "fietsen; route plannen", "Je bezorgt maaltijden op de e-bike in de binnenstad.", "3512", {"shifts": "avond; weekend", "hourly_wage": "14,71", "stable_hours": "nee"}),
    ("V17", "Pedagogisch medewerker BSO (BBL)", "kinderopvang", "kinderen begeleiden; activiteiten bedenken", "Je begeleidt kinderen van 4 tot 12 jaar na school en haalt je diploma pedagogisch medewerker via BBL.", "3562", {"bbl": "ja", "contract_type": "bbl", "vog_required": "ja", "hourly_wage": "13,00"}),
    ("V18", "Groepshulp kinderdagverblijf", "kinderopvang", "kinderen verzorgen; samenwerken", "Je helpt de pedagogisch medewerkers op de babygroep en peutergroep.", "3584", {"vog_required": "ja", "hourly_wage": "14,71"}),
    ("V19", "Sportbegeleider BSO", "kinderopvang", "sport en spel begeleiden; kinderen begeleiden", "Je doet sport en spel met kinderen van de buitenschoolse opvang.", "3431", {"vog_required": "ja", "hourly_wage": "15,00"}),
    ("V20", "Medewerker afvalinzameling", "milieu", "afval inzamelen; fysiek werk", "Je rijdt mee op de vuilniswagen en zet containers terug.", "3542", {"hourly_wage": "15,40", "stable_hours": "ja"}),
    ("V21", "Callcenter medewerker", "klantenservice", "telefoneren; klantvriendelijk", "Je belt klanten over hun abonnement vanuit ons kantoor in Nieuwegein.", "3439", {"language_level": "B1", "hourly_wage": "14,75"}),
    ("V22", "Klantenservicemedewerker", "klantenservice", "telefoneren; computervaardig", "Je helpt klanten via telefoon en chat.", "3521", {"language_level": "B2", "hourly_wage": "15,50"}),
    ("V23", "Kassamedewerker supermarkt", "retail", "kassa; klantvriendelijk", "Je zit achter de kassa en helpt klanten.", "3532", {"shifts": "dag; avond; weekend", "hourly_wage": "12,10"}),
    ("V24", "Vakkenvuller", "retail", "vakken vullen; voorraad bijhouden", "Je vult de schappen en houdt de voorraad bij.", "3526", {"shifts": "avond", "hourly_wage": "12,10"}),
    ("V25", "Verkoopmedewerker sneakerwinkel", "retail", "verkopen; klantvriendelijk", "Je adviseert klanten in onze sneakerwinkel in Hoog Catharijne.", "3511", {"shifts": "dag; weekend", "hourly_wage": "14,75"}),
    ("V26", "Verkoopmedewerker bouwmarkt", "retail", "klanten adviseren; vakken vullen", "Je helpt klanten in de bouwmarkt en vult de afdeling bij.", "3439", {"hourly_wage": "14,80"}),
    ("V27", "Leerling timmerman (BBL)", "bouw", "timmeren; gereedschap gebruiken", "Je leert het timmervak op de bouwplaats in Leidsche Rijn en gaat 1 dag per week naar school.", "3454", {"bbl": "ja", "contract_type": "bbl", "paid_certificates": "VCA", "hourly_wage": "13,50"}),
    ("V28", "Bouwplaatsmedewerker", "bouw", "sjouwen; opruimen; gereedschap gebruiken", "Je helpt op de bouwplaats met sjouwen en opruimen.", "3454", {"required_certificates": "VCA", "hourly_wage": "15,20"}),
    ("V29", "Sloper", "bouw", "slopen; sjouwen", "Je sloopt binnenwanden en keukens in renovatieprojecten.", "3543", {"required_certificates": "VCA", "hourly_wage": "15,50"}),
    ("V30", "Leerling schilder (BBL)", "bouw", "schilderen; schuren", "Je leert schilderen bij een schildersbedrijf en haalt je diploma via BBL.", "3401", {"bbl": "ja", "contract_type": "bbl", "paid_certificates": "VCA", "hourly_wage": "13,00"}),
    ("V31", "Leerling elektromonteur (BBL)", "installatie", "elektra aanleggen; technisch inzicht", "Je leert elektra aanleggen in nieuwbouwwoningen en haalt je mbo-diploma.", "3401", {"bbl": "ja", "contract_type": "bbl", "paid_certificates": "VCA", "hourly_wage": "13,20"}),
    ("V32", "Monteur zonnepanelen", "installatie", "zonnepanelen monteren; werken op hoogte", "Je monteert zonnepanelen op daken in de regio.", "3991", {"required_certificates": "VCA", "driving_licence": "B", "hourly_wage": "16,00"}),
    ("V33", "Leerling installatiemonteur (BBL)", "installatie", "leidingen aanleggen; technisch inzicht", "Je leert cv-ketels en leidingen installeren.", "3701", {"bbl": "ja", "contract_type": "bbl", "hourly_wage": "13,20"}),
    ("V34", "Schoonmaker kantoren", "schoonmaak", "schoonmaken; zelfstandig werken", "Je maakt kantoren schoon in de vroege ochtend.", "3528", {"hourly_wage": "14,75", "stable_hours": "ja"}),
    ("V35", "Schoonmaker ziekenhuis", "schoonmaak", "schoonmaken; hygienisch werken", "Je maakt afdelingen schoon in het ziekenhuis in de Uithof.", "3584", {"hourly_wage": "15,10", "stable_hours": "ja", "contract_type": "tijdelijk", "permanent_after_months": "12"}),
    ("V36", "Glazenwasser", "schoonmaak", "ramen wassen; werken op hoogte", "Je wast ramen bij winkels en kantoren.", "3532", {"paid_certificates": "VCA", "hourly_wage": "15,00"}),
    ("V37", "Beveiliger in opleiding", "beveiliging", "toezicht houden; communiceren", "Je haalt je diploma beveiliger 2 op onze kosten en werkt bij winkels en evenementen.", "3521", {"vog_required": "ja", "paid_certificates": "beveiligingsdiploma", "training": "opleiding beveiliger 2", "hourly_wage": "14,75", "shifts": "dag; avond; weekend"}),
    ("V38", "Toezichthouder parkeergarage", "beveiliging", "toezicht houden; klantvriendelijk", "Je houdt toezicht in een parkeergarage en helpt bezoekers.", "3511", {"vog_required": "ja", "required_certificates": "beveiligingsdiploma", "hourly_wage": "15,30"}),
    ("V39", "Hovenier", "groen", "snoeien; maaien; tuinen aanleggen", "Je legt tuinen aan en onderhoudt ze in Utrecht en omgeving.", "3603", {"hourly_wage": "15,20"}),
    ("V40", "Medewerker groenonderhoud (BBL)", "groen", "maaien; snoeien", "Je onderhoudt parken en plantsoenen en haalt je diploma groen via BBL.", "3565", {"bbl": "ja", "contract_type": "bbl", "hourly_wage": "13,00"}),
    ("V41", "Medewerker kwekerij", "groen", "planten verzorgen; oppotten", "Je verzorgt planten in de kas van een kwekerij bij Bunnik.", "3981", {"hourly_wage": "14,71"}),
    ("V42", "Helpende zorg en welzijn (BBL)", "zorg", "verzorgen; empathie", "Je helpt ouderen bij het dagelijks leven en haalt je diploma helpende via BBL.", "3571", {"bbl": "ja", "contract_type": "bbl", "vog_required": "ja", "hourly_wage": "13,50"}),
    ("V43", "Medewerker huishouding zorgcentrum", "zorg", "schoonmaken; empathie", "Je zorgt voor een schone en gezellige woning voor ouderen.", "3562", {"hourly_wage": "14,80"}),
    ("V44", "Gastvrouw/gastheer verpleeghuis", "zorg", "gasten ontvangen; koffie schenken", "Je zorgt voor koffie, maaltijden en een praatje met de bewoners.", "3584", {"hourly_wage": "14,75", "vog_required": "ja"}),
    ("V45", "Productiemedewerker", "productie", "machines bedienen; inpakken", "Je bedient een verpakkingsmachine in een fabriek op Lage Weide.", "3542", {"shifts": "dag; avond", "hourly_wage": "15,00"}),
    ("V46", "Operator productie", "productie", "machines bedienen; storingen oplossen", "Je stelt machines in en lost kleine storingen op.", "3439", {"shifts": "dag; avond; nacht", "hourly_wage": "16,20"}),
    ("V47", "Medewerker bakkerij", "productie", "deeg maken; inpakken", "Je maakt brood en banket in onze bakkerij in Zuilen.", "3553", {"shifts": "nacht", "hourly_wage": "14,90"}),
    ("V48", "Leerling automonteur (BBL)", "autotechniek", "auto's onderhouden; technisch inzicht", "Je leert auto's onderhouden en repareren in onze garage.", "3454", {"bbl": "ja", "contract_type": "bbl", "hourly_wage": "13,00"}),
    ("V49", "Bandenwisselaar", "autotechniek", "banden wisselen; klantvriendelijk", "Je wisselt banden en doet kleine reparaties.", "3439", {"hourly_wage": "14,80"}),
    ("V50", "Autopoetser", "autotechniek", "auto's wassen; poetsen", "Je maakt auto's schoon voor de verkoop.", "3431", {"hourly_wage": "14,71"}),
    ("V51", "Fietsenmaker", "techniek", "fietsen repareren; technisch inzicht", "Je repareert fietsen in onze werkplaats bij het station.", "3521", {"hourly_wage": "14,90", "training": "cursus e-bikes"}),
    ("V52", "Scooter- en brommermonteur", "techniek", "scooters repareren; technisch inzicht", "Je repareert scooters en brommers in onze werkplaats.", "3532", {"hourly_wage": "15,00"}),
    ("V53", "Chauffeur bestelbus", "vervoer", "rijden; route plannen", "Je rijdt met een bestelbus langs klanten in de regio.", "3431", {"driving_licence": "B", "hourly_wage": "15,10"}),
    ("V54", "Medewerker evenementen opbouw", "evenementen", "sjouwen; opbouwen", "Je bouwt podia en tenten op bij festivals.", "3584", {"shifts": "dag; weekend", "hourly_wage": "15,00", "stable_hours": "nee"}),
    ("V55", "Medewerker fitnesscentrum", "sport", "klanten helpen; schoonmaken", "Je helpt leden aan de balie en houdt de sportzaal schoon.", "3526", {"shifts": "dag; avond", "hourly_wage": "14,71"}),
    ("V56", "Kapper in opleiding", "uiterlijke verzorging", "haren knippen; klantvriendelijk", "Je leert het kappersvak in onze salon via BBL.", "3532", {"bbl": "ja", "contract_type": "bbl", "hourly_wage": "12,50"}),
    ("V57", "Nagelstylist", "uiterlijke verzorging", "nagels verzorgen; klantvriendelijk", "Je verzorgt nagels in onze salon.", "3511", {"hourly_wage": "14,71"}),
    ("V58", "Medewerker ICT-servicedesk", "ict", "computervaardig; klanten helpen", "Je helpt collega's met computerproblemen.", "3521", {"language_level": "B2", "hourly_wage": "16,00"}),
    ("V59", "Junior administratief medewerker", "administratie", "computervaardig; nauwkeurig werken", "Je verwerkt facturen en post.", "3439", {"language_level": "B1", "hourly_wage": "15,00"}),
    ("V60", "Receptionist hotel", "horeca", "gasten ontvangen; Engels spreken", "Je ontvangt hotelgasten en checkt ze in.", "3521", {"language_level": "B1", "shifts": "dag; avond; weekend", "hourly_wage": "14,90"}),
    ("V61", "Kok BBL niveau 2 bedrijfscatering", "horeca", "koken; HACCP", "Je leert koken in een bedrijfsrestaurant, overdag, en haalt je diploma via BBL.", "3528", {"bbl": "ja", "contract_type": "bbl", "hourly_wage": "12,30", "stable_hours": "ja"}),
    ("V62", "Pizzabakker", "horeca", "pizza bakken; deeg maken", "Je bakt pizza's in een houtoven.", "3581", {"shifts": "avond; weekend", "hourly_wage": "14,80"}),
    ("V63", "Medewerker lunchroom", "horeca", "broodjes maken; klantvriendelijk", "Je maakt broodjes en helpt gasten in een lunchroom.", "3512", {"hourly_wage": "14,71"}),
    ("V64", "Stratenmaker (BBL)", "infra", "bestraten; fysiek werk", "Je leert stoepen en pleinen bestraten en haalt je diploma via BBL.", "3452", {"bbl": "ja", "contract_type": "bbl", "paid_certificates": "VCA", "hourly_wage": "13,20"}),
    ("V65", "Grondwerker", "infra", "graven; fysiek werk", "Je helpt bij grondwerk voor kabels en leidingen.", "3431", {"required_certificates": "VCA", "hourly_wage": "15,40"}),
    ("V66", "Dierverzorger kinderboerderij", "dieren", "dieren verzorgen; kinderen begeleiden", "Je verzorgt de dieren en helpt bezoekers van de kinderboerderij.", "3561", {"hourly_wage": "14,75"}),
    ("V67", "Medewerker dierenpension", "dieren", "dieren verzorgen; schoonmaken", "Je verzorgt honden en katten in ons pension.", "3991", {"hourly_wage": "14,71", "shifts": "dag; weekend"}),
    ("V68", "Jongerenwerker in opleiding", "welzijn", "jongeren begeleiden; activiteiten bedenken", "Je organiseert activiteiten voor jongeren in de wijk en leert het vak.", "3543", {"bbl": "ja", "contract_type": "bbl", "vog_required": "ja", "hourly_wage": "13,50"}),
    ("V69", "Sportinstructeur in opleiding", "sport", "sportlessen geven; motiveren", "Je geeft sportlessen en haalt je diploma sport en bewegen.", "3526", {"bbl": "ja", "contract_type": "bbl", "hourly_wage": "13,00"}),
    ("V70", "Medewerker kringloopwinkel", "retail", "spullen sorteren; klanten helpen", "Je sorteert spullen en helpt klanten in de kringloopwinkel.", "3553", {"hourly_wage": "14,71", "second_chance": "ja"}),
    ("V71", "Heftruckchauffeur Rotterdam", "logistiek", "heftruck rijden", "Containers laden en lossen in de haven.", "3011", {"required_certificates": "heftruck", "hourly_wage": "16,00"}),
    ("V72", "Magazijnmedewerker koelcel", "logistiek", "orders verzamelen; in de kou werken", "Je verzamelt orders voor supermarkten in een koelcel.", "3991", {"shifts": "dag; avond", "hourly_wage": "15,40"}),
]  # fmt: skip

# (id, birth date, postcode, max km, desired work, experience, skills, interests, extra)
CANDIDATES: list[tuple[str, str, str, int, str, str, str, str, dict[str, Any]]] = [
    ("K01", "2003-04-02", "3531", 12, "kok worden", "twee jaar afwasser in een restaurant", "afwassen; keuken schoonmaken", "koken", {"shifts": "dag; avond; weekend"}),
    ("K02", "2007-06-11", "3562", 10, "werken met kinderen, BSO", "oppassen op neefjes en nichtjes", "kinderen begeleiden", "sport, dansen", {}),
    ("K03", "2005-01-20", "3553", 15, "werken in een magazijn of met een heftruck", "vakkenvullen bij supermarkt, 1 jaar", "orders verzamelen; scanner gebruiken", "gamen", {"certificates": "heftruck"}),
    ("K04", "2002-09-09", "3543", 15, "in de bouw werken, timmerman", "sloopwerk via uitzendbureau, 3 maanden", "sjouwen; gereedschap gebruiken", "fitness", {"certificates": "VCA"}),
    ("K05", "2006-03-15", "3571", 10, "werken in de zorg met ouderen", "mantelzorg voor oma", "verzorgen; empathie", "mensen helpen", {}),
    ("K06", "2004-11-30", "3532", 12, "elektricien worden", "stage bij installatiebedrijf", "technisch inzicht; monteren", "techniek, muziek maken", {"certificates": "VCA"}),
    ("K07", "2008-02-01", "3526", 8, "in een winkel werken", "kassa bij snackbar", "kassa; klantvriendelijk", "mode, sneakers", {"shifts": "dag; avond; weekend"}),
    ("K08", "2001-07-21", "3521", 15, "beveiliger worden", "portier bij schoolfeesten", "toezicht houden; communiceren", "vechtsport", {"shifts": "dag; avond; weekend"}),
    ("K09", "2003-05-05", "3584", 10, "schoonmaakwerk, liefst vaste uren", "schoonmaak in sportschool", "schoonmaken; zelfstandig werken", "muziek", {}),
    ("K10", "2006-08-19", "3452", 15, "buiten werken in het groen", "tuinen opgeruimd voor buren", "snoeien; maaien", "natuur, vissen", {}),
    ("K11", "2005-12-12", "3454", 12, "automonteur worden", "brommers gerepareerd voor vrienden", "technisch inzicht; banden wisselen", "auto's, scooters", {}),
    ("K12", "2004-04-04", "3542", 12, "productiewerk in een fabriek", "inpakwerk via uitzendbureau", "inpakken; machines bedienen", "gamen", {"shifts": "dag; avond"}),
    ("K13", "2002-02-14", "3431", 20, "bezorger of chauffeur", "maaltijdbezorger op scooter", "route plannen; klantvriendelijk", "auto's", {"driving_licences": "B"}),
    ("K14", "2007-10-10", "3512", 6, "barista of in een koffiebar werken", "bijbaan in een snackbar", "klantvriendelijk; kassa", "koffie, fotografie", {"shifts": "dag; weekend"}),
    ("K15", "2003-03-03", "3541", 12, "kapper worden", "haren geknipt van vrienden", "haren knippen", "mode", {}),
    ("K16", "2000-12-01", "3553", 15, "werken met dieren", "hond van de buren uitgelaten", "dieren verzorgen", "dieren, natuur", {}),
    ("K17", "2006-06-06", "3581", 10, "sportinstructeur worden", "voetbaltraining gegeven aan de jeugd", "motiveren; sport en spel begeleiden", "voetbal, fitness", {}),
    ("K18", "2004-09-25", "3439", 12, "iets met computers", "computers gerepareerd voor familie", "computervaardig", "gamen, programmeren", {"language_level": "B1"}),
    ("K19", "2003-01-30", "3401", 15, "schilder worden", "huis van tante geschilderd", "schilderen", "tekenen", {}),
    ("K20", "2005-07-07", "3523", 12, "jongerenwerker", "vrijwilliger bij het buurthuis", "jongeren begeleiden; activiteiten bedenken", "muziek, rap", {}),
    ("K21", "2002-11-11", "3561", 10, "kok", "vakkenvuller en afwasser", "afwassen; vakken vullen", "eten", {"shifts": "dag; avond; weekend"}),
    ("K22", "2008-05-20", "3526", 8, "vakkenvullen of kassa", "geen", "klantvriendelijk", "voetbal", {"shifts": "avond; weekend"}),
    ("K23", "2001-03-09", "3452", 20, "stratenmaker of grondwerk", "grondwerk bij oom, zomerbaan", "graven; fysiek werk", "fitness", {"certificates": "VCA"}),
    ("K24", "2004-02-29", "3511", 10, "gastheer in de horeca", "bediening op een terras, zomer", "gasten ontvangen; bestellingen opnemen", "muziek", {"shifts": "dag; avond; weekend"}),
    ("K25", "2003-08-08", "3584", 10, "pedagogisch medewerker in de kinderopvang", "stage op een basisschool", "kinderen begeleiden; creatief", "knutselen", {}),
    ("K26", "2006-01-01", "3565", 12, "hovenier", "werken in de tuin van opa", "snoeien; tuinen aanleggen", "planten", {}),
]  # fmt: skip


def vacancy_rows() -> list[dict[str, Any]]:
    """The vacancies as import records (JSON lines for `perspectief match rank`)."""
    rows = []
    for ref, title, sector, skills, description, postcode, extra in VACANCIES:
        row = {"id": ref, "title": title, "sector": sector, "skills": skills}
        rows.append(
            {**row, "description": description, "postcode": postcode, "hours_per_week": "24-40"}
            | extra
        )
    return rows


def candidate_rows() -> list[dict[str, Any]]:
    """The candidates as import records."""
    rows = []
    for ref, born, postcode, km, desired, experience, skills, interests, extra in CANDIDATES:
        row = {"id": ref, "birth_date": born, "postcode": postcode, "max_travel_km": km}
        text = {"desired_work": desired, "experience": experience, "skills": skills}
        rows.append({**row, **text, "interests": interests, "hours_per_week": "16-40"} | extra)
    return rows
