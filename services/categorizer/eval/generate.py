#!/usr/bin/env python3
"""Writes eval_set.csv: bank-statement descriptions with their category, for
`kakeibo eval categorizer`. Merchants are real-world names as banks print them, in US and
European formats and several languages; a fixed seed makes the file the same every run.
None of these merchants may appear in the built-in labelled examples (the set measures
generalization): ../data/generate_examples.py refuses an example that names one."""

import csv
import random
import sys

R = random.Random(20261123)

CITIES = {
    "us": [("SAN FRANCISCO", "CA"), ("AUSTIN", "TX"), ("BROOKLYN", "NY"), ("CHICAGO", "IL"),
           ("DENVER", "CO"), ("SEATTLE", "WA"), ("MIAMI", "FL"), ("PORTLAND", "OR"),
           ("BOSTON", "MA"), ("ATLANTA", "GA")],
    "de": ["BERLIN", "MUENCHEN", "HAMBURG", "KOELN", "FRANKFURT", "LEIPZIG", "STUTTGART"],
    "fr": ["PARIS", "LYON", "MARSEILLE", "LILLE", "NANTES", "BORDEAUX", "TOULOUSE"],
    "es": ["MADRID", "BARCELONA", "VALENCIA", "SEVILLA", "BILBAO", "MALAGA"],
    "nl": ["AMSTERDAM", "UTRECHT", "ROTTERDAM", "DEN HAAG", "EINDHOVEN", "GRONINGEN"],
    "uk": ["LONDON", "MANCHESTER", "BRISTOL", "LEEDS", "GLASGOW", "EDINBURGH"],
    "it": ["MILANO", "ROMA", "TORINO", "BOLOGNA", "FIRENZE", "NAPOLI"],
}
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def num(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def ref(n):
    return "".join(R.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(n))


def day():
    return R.randint(1, 28), R.randint(1, 12)


def card_line(m, region):
    """A card purchase as that region's banks print it."""
    d, mo = day()
    if region == "us":
        city, st = R.choice(CITIES["us"])
        return R.choice([
            f"{m} #{num(4)} {city} {st}",
            f"SQ *{m} {city} {st}",
            f"TST* {m} {city} {st}",
            f"POS DEBIT {m} {city} {st}",
            f"CHECKCARD {mo:02d}{d:02d} {m} {city} {st} {num(23)}",
            f"PURCHASE AUTHORIZED ON {mo:02d}/{d:02d} {m} {city} {st} S{num(15)} CARD {num(4)}",
            f"{m} {city} {st}",
        ])
    city = R.choice(CITIES[region])
    return R.choice({
        "de": [f"KARTENZAHLUNG {m} {city} {d:02d}.{mo:02d}",
               f"{m} SAGT DANKE {num(8)}",
               f"GIROCARD {m} {city} {d:02d}.{mo:02d}.26 {R.randint(7, 21):02d}:{R.randint(0, 59):02d}",
               f"Kartenzahlung {m.title()} {city.title()} Karte {num(4)}"],
        "fr": [f"CB {m} {d:02d}/{mo:02d}",
               f"PAIEMENT PAR CARTE {m} {city} {d:02d}/{mo:02d}",
               f"CARTE X{num(4)} {d:02d}/{mo:02d} {m}"],
        "es": [f"COMPRA TARJ. {num(4)}XXXXXXXX{num(4)} {m} {city}",
               f"COMPRA EN {m}, {city.title()}, TARJ. :*{num(6)}",
               f"PAGO CON TARJETA {m} {city}"],
        "nl": [f"BEA, Betaalpas {m},PAS{num(3)} NR:{ref(8)}, {d:02d}.{mo:02d}.26/{R.randint(7, 21):02d}.{R.randint(0, 59):02d} {city}",
               f"BEA {m} {city} {d:02d}.{mo:02d}.26",
               f"Betaalautomaat {m} {city}"],
        "uk": [f"CARD PAYMENT TO {m} ON {d:02d} {MONTHS[mo - 1]}",
               f"{m} {city} GB",
               f"CONTACTLESS {m} {city} GB {d:02d}{MONTHS[mo - 1]}"],
        "it": [f"PAGAMENTO POS {m} {city} {d:02d}/{mo:02d}",
               f"PAGAMENTO CONTACTLESS {m} {city} CARTA {num(4)}"],
    }[region])


def debit_line(m, region):
    """A direct debit or bill payment."""
    if region == "us":
        return R.choice([f"{m} PAYMENT {num(10)}", f"ACH DEBIT {m} WEB PMT {ref(8)}",
                         f"{m} AUTOPAY {num(6)}", f"ONLINE PMT {m} CONF# {ref(8)}"])
    return R.choice({
        "de": [f"SEPA-LASTSCHRIFT {m} Kundennr. {num(8)} Mandat {ref(10)}",
               f"Lastschrift {m} Vertragsnr {num(9)}", f"FOLGELASTSCHRIFT {m} {ref(12)}"],
        "fr": [f"PRLV SEPA {m} {ref(12)}", f"PRELEVEMENT {m} REF {num(10)}"],
        "es": [f"RECIBO {m} N {num(10)}", f"ADEUDO DOMICILIADO {m} {ref(8)}"],
        "nl": [f"SEPA Incasso algemeen doorlopend Incassant: NL{num(2)}ZZZ{num(12)} Naam: {m}",
               f"Incasso {m} machtiging {ref(8)}"],
        "uk": [f"DIRECT DEBIT {m} {ref(10)}", f"DD {m} {num(8)}"],
        "it": [f"ADDEBITO SDD {m} {ref(10)}", f"ADDEBITO DIRETTO {m} FATT. {num(8)}"],
    }[region])


def credit_line(m, region):
    """Money in: salary, refunds, interest."""
    d, mo = day()
    if region == "us":
        return R.choice([f"{m} DIRECT DEP PPD ID: {num(10)}", f"DIRECT DEPOSIT {m} PAYROLL",
                         f"ACH CREDIT {m} {ref(8)}"])
    return R.choice({
        "de": [f"GUTSCHRIFT {m} {mo:02d}/26", f"Lohn/Gehalt {m} {mo:02d}.2026"],
        "fr": [f"VIR SEPA RECU {m} {ref(10)}", f"VIREMENT DE {m}"],
        "es": [f"TRANSFERENCIA DE {m}", f"ABONO {m} {mo:02d}/2026"],
        "nl": [f"SEPA Overboeking van {m} omschrijving {ref(8)}"],
        "uk": [f"FASTER PAYMENT FROM {m} REF {ref(8)}", f"BGC {m}"],
        "it": [f"BONIFICO A VOSTRO FAVORE DA {m}", f"ACCREDITO {m}"],
    }[region])


# category slug → (line kind, [(merchant as printed, region), …])
SET = {
    "income.salary": ("credit", [("GLOBEX CORP", "us"), ("INITECH INC", "us"), ("SIEMENS AG", "de"), ("BOSCH GMBH", "de"), ("AIRBUS SAS", "fr"), ("TELEFONICA SA", "es"), ("PHILIPS NEDERLAND BV", "nl"), ("BARCLAYS PAYROLL", "uk"), ("ENEL SPA STIPENDIO", "it"), ("ACME WIDGETS LLC", "us")]),
    "income.bonus": ("credit", [("GLOBEX CORP BONUS", "us"), ("SAP SE PRAEMIE", "de"), ("PRIME EXCEPTIONNELLE AXA", "fr"), ("BONUS ANUAL INDITEX", "es"), ("ANNUAL BONUS UNILEVER", "uk"), ("PREMIO PRODUZIONE FIAT", "it"), ("ERFOLGSBETEILIGUNG BASF", "de"), ("SIGNING BONUS STRIPE", "us"), ("DERTIENDE MAAND ASML", "nl"), ("GRATIFICA NATALIZIA ENI", "it")]),
    "income.freelance": ("credit", [("UPWORK ESCROW", "us"), ("FIVERR INTL", "us"), ("TOPTAL LLC", "us"), ("MALT COMMUNITY", "fr"), ("FREELANCE DE RECHNUNG 2026-114", "de"), ("HONORAR KUNDE MUELLER", "de"), ("FACTURA 2026-031 ESTUDIO LUNA", "es"), ("INVOICE 448 BRIGHTSIDE DESIGN", "uk"), ("FACTUUR 2026-17 VAN DIJK", "nl"), ("FATTURA 77 STUDIO ROSSI", "it")]),
    "income.interest": ("credit", [("INTEREST PAYMENT", "us"), ("DIVIDEND VANGUARD", "us"), ("HABENZINSEN", "de"), ("ZINSGUTSCHRIFT TAGESGELD", "de"), ("INTERETS LIVRET A", "fr"), ("INTERESES CUENTA", "es"), ("RENTE SPAARREKENING", "nl"), ("GROSS INTEREST", "uk"), ("INTERESSI CREDITORI", "it"), ("DIVIDENDE ALLIANZ", "de")]),
    "income.refunds": ("credit", [("REFUND ZAPPOS", "us"), ("RETURN CREDIT NORDSTROM", "us"), ("GUTSCHRIFT RUECKERSTATTUNG ZALANDO", "de"), ("ERSTATTUNG OTTO", "de"), ("REMBOURSEMENT FNAC", "fr"), ("DEVOLUCION EL CORTE INGLES", "es"), ("TERUGBETALING BOL.COM", "nl"), ("REFUND ARGOS", "uk"), ("RIMBORSO YOOX", "it"), ("STEUERERSTATTUNG FINANZAMT", "de")]),
    "housing.rent": ("debit", [("AVALON COMMUNITIES RENT", "us"), ("EQUITY RESIDENTIAL", "us"), ("MIETE WOHNUNG VONOVIA", "de"), ("DEUTSCHE WOHNEN MIETE", "de"), ("LOYER FONCIA", "fr"), ("ALQUILER PISO", "es"), ("HUUR WOONSTICHTING DE KEY", "nl"), ("RENT GRAINGER PLC", "uk"), ("AFFITTO CASA", "it"), ("GREYSTAR RENT", "us")]),
    "housing.mortgage": ("debit", [("WELLS FARGO HOME MTG", "us"), ("ROCKET MORTGAGE", "us"), ("BAUSPARKASSE SCHWAEBISCH HALL", "de"), ("DARLEHEN INTERHYP", "de"), ("ECHEANCE PRET IMMO CREDIT AGRICOLE", "fr"), ("CUOTA HIPOTECA", "es"), ("HYPOTHEEK RABOBANK", "nl"), ("NATIONWIDE MORTGAGE", "uk"), ("RATA MUTUO INTESA", "it"), ("MR COOPER", "us")]),
    "housing.maintenance": ("card", [("HOME DEPOT", "us"), ("LOWES", "us"), ("ACE HARDWARE", "us"), ("OBI BAU", "de"), ("HORNBACH", "de"), ("LEROY MERLIN", "fr"), ("BRICOMART", "es"), ("GAMMA BOUWMARKT", "nl"), ("SCREWFIX", "uk"), ("BRICOMAN", "it")]),
    "housing.insurance": ("debit", [("STATE FARM HOME", "us"), ("LEMONADE INSURANCE", "us"), ("HAUSRAT HUK-COBURG", "de"), ("WOHNGEBAEUDEVERSICHERUNG ERGO", "de"), ("ASSURANCE HABITATION MAIF", "fr"), ("SEGURO HOGAR MAPFRE", "es"), ("INBOEDELVERZEKERING CENTRAAL BEHEER", "nl"), ("DIRECT LINE HOME", "uk"), ("ASSICURAZIONE CASA UNIPOL", "it"), ("ALLSTATE HOMEOWNERS", "us")]),
    "utilities.electricity": ("debit", [("PG&E", "us"), ("CON EDISON", "us"), ("DUKE ENERGY", "us"), ("VATTENFALL EUROPE SALES", "de"), ("E.ON ENERGIE", "de"), ("EDF CLIENTS PARTICULIERS", "fr"), ("IBERDROLA CLIENTES", "es"), ("ESSENT RETAIL", "nl"), ("OCTOPUS ENERGY", "uk"), ("ENEL ENERGIA", "it")]),
    "utilities.heating": ("debit", [("SOCALGAS", "us"), ("NATIONAL GRID GAS", "us"), ("GASAG", "de"), ("STADTWERKE MUENCHEN FERNWAERME", "de"), ("ENGIE GAZ", "fr"), ("NATURGY GAS", "es"), ("ENECO WARMTE", "nl"), ("BRITISH GAS", "uk"), ("ITALGAS", "it"), ("HEIZOEL MEIER", "de")]),
    "utilities.water": ("debit", [("LADWP WATER", "us"), ("AMERICAN WATER", "us"), ("BERLINER WASSERBETRIEBE", "de"), ("HAMBURG WASSER", "de"), ("VEOLIA EAU", "fr"), ("CANAL DE ISABEL II", "es"), ("WATERNET", "nl"), ("THAMES WATER", "uk"), ("ACEA ATO 2", "it"), ("SEATTLE PUBLIC UTILITIES", "us")]),
    "utilities.internet_phone": ("debit", [("COMCAST XFINITY", "us"), ("VERIZON WIRELESS", "us"), ("T-MOBILE", "us"), ("TELEKOM DEUTSCHLAND", "de"), ("VODAFONE GMBH", "de"), ("FREE MOBILE", "fr"), ("MOVISTAR", "es"), ("KPN", "nl"), ("BT GROUP", "uk"), ("TIM TELECOM ITALIA", "it")]),
    "food.groceries": ("card", [("TRADER JOE S", "us"), ("SAFEWAY", "us"), ("KROGER", "us"), ("EDEKA", "de"), ("NETTO MARKEN-DISCOUNT", "de"), ("CARREFOUR MARKET", "fr"), ("MONOPRIX", "fr"), ("MERCADONA", "es"), ("ALBERT HEIJN", "nl"), ("TESCO STORES", "uk"), ("SAINSBURYS", "uk"), ("ESSELUNGA", "it"), ("KAUFLAND", "de"), ("JUMBO SUPERMARKT", "nl")]),
    "food.restaurants": ("card", [("CHIPOTLE", "us"), ("OLIVE GARDEN", "us"), ("CHEESECAKE FACTORY", "us"), ("VAPIANO", "de"), ("BLOCK HOUSE", "de"), ("LE RELAIS DE L ENTRECOTE", "fr"), ("HIPPOPOTAMUS", "fr"), ("TELEPIZZA", "es"), ("VAPIANO AMSTERDAM", "nl"), ("NANDOS", "uk"), ("PIZZA EXPRESS", "uk"), ("OSTERIA DA MARIO", "it")]),
    "food.coffee": ("card", [("PEETS COFFEE", "us"), ("DUNKIN", "us"), ("PHILZ COFFEE", "us"), ("TCHIBO FILIALE", "de"), ("EINSTEIN KAFFEE", "de"), ("COLUMBUS CAFE", "fr"), ("CAFE DE COLOMBIA", "es"), ("COFFEE COMPANY", "nl"), ("COSTA COFFEE", "uk"), ("PRET A MANGER", "uk"), ("CAFFE NERO", "uk"), ("BAR PASTICCERIA VENETO", "it")]),
    "food.delivery": ("card", [("DOORDASH", "us"), ("UBER EATS", "us"), ("GRUBHUB", "us"), ("LIEFERANDO.DE", "de"), ("WOLT", "de"), ("DELIVEROO FR", "fr"), ("GLOVO", "es"), ("THUISBEZORGD.NL", "nl"), ("JUST EAT", "uk"), ("DELIVEROO", "uk"), ("DELIVEROO ITALY", "it")]),
    "transport.public": ("card", [("CLIPPER", "us"), ("MTA NYC TRANSIT", "us"), ("BVG BERLIN", "de"), ("MVV MUENCHEN", "de"), ("DB VERTRIEB", "de"), ("RATP", "fr"), ("SNCF", "fr"), ("METRO DE MADRID", "es"), ("RENFE", "es"), ("NS GROEP", "nl"), ("GVB AMSTERDAM", "nl"), ("TFL TRAVEL", "uk"), ("TRENITALIA", "it")]),
    "transport.fuel": ("card", [("CHEVRON", "us"), ("EXXONMOBIL", "us"), ("ARCO", "us"), ("ARAL STATION", "de"), ("JET TANKSTELLE", "de"), ("TOTALENERGIES", "fr"), ("REPSOL", "es"), ("CEPSA", "es"), ("TINQ", "nl"), ("ESSO", "uk"), ("AGIP ENI", "it")]),
    "transport.parking": ("card", [("SPOTHERO", "us"), ("PARKMOBILE", "us"), ("E-ZPASS", "us"), ("APCOA PARKING", "de"), ("PARKHAUS CONTIPARK", "de"), ("INDIGO PARKING", "fr"), ("VINCI AUTOROUTES", "fr"), ("EMPARK", "es"), ("Q-PARK", "nl"), ("NCP CAR PARK", "uk"), ("AUTOSTRADE PER L ITALIA", "it")]),
    "transport.taxi": ("card", [("UBER TRIP", "us"), ("LYFT RIDE", "us"), ("CURB TAXI", "us"), ("FREE NOW", "de"), ("TAXI BERLIN", "de"), ("G7 TAXI", "fr"), ("CABIFY", "es"), ("BOLT.EU", "nl"), ("ADDISON LEE", "uk"), ("IT TAXI", "it")]),
    "transport.car": ("card", [("JIFFY LUBE", "us"), ("FIRESTONE COMPLETE AUTO", "us"), ("PEP BOYS", "us"), ("ATU AUTO-TEILE-UNGER", "de"), ("DEKRA", "de"), ("NORAUTO", "fr"), ("MIDAS", "fr"), ("NORAUTO ESPANA", "es"), ("KWIK FIT", "uk"), ("HALFORDS", "uk"), ("EUROMASTER", "nl")]),
    "shopping.clothing": ("card", [("OLD NAVY", "us"), ("GAP", "us"), ("NORDSTROM RACK", "us"), ("ZALANDO", "de"), ("C&A", "de"), ("PEEK & CLOPPENBURG", "de"), ("KIABI", "fr"), ("ZARA", "es"), ("MANGO", "es"), ("PRIMARK", "uk"), ("NEXT RETAIL", "uk"), ("OVS", "it")]),
    "shopping.electronics": ("card", [("BEST BUY", "us"), ("B&H PHOTO", "us"), ("MEDIAMARKT", "de"), ("SATURN", "de"), ("CYBERPORT", "de"), ("FNAC", "fr"), ("DARTY", "fr"), ("PCCOMPONENTES", "es"), ("COOLBLUE", "nl"), ("CURRYS", "uk"), ("UNIEURO", "it")]),
    "shopping.home": ("card", [("IKEA", "us"), ("BED BATH BEYOND", "us"), ("CRATE & BARREL", "us"), ("DEPOT DEKO", "de"), ("XXXLUTZ", "de"), ("MAISONS DU MONDE", "fr"), ("LEROY MERLIN JARDIN", "es"), ("HEMA", "nl"), ("DUNELM", "uk"), ("B&Q", "uk"), ("MONDO CONVENIENZA", "it")]),
    "shopping.general": ("card", [("TARGET", "us"), ("WALMART SUPERCENTER", "us"), ("COSTCO WHSE", "us"), ("AMAZON MKTPLACE", "us"), ("TEDI", "de"), ("WOOLWORTH", "de"), ("ACTION", "nl"), ("GIFI", "fr"), ("EL CORTE INGLES", "es"), ("BOOTS", "uk"), ("TIGER STORE", "it")]),
    "health.pharmacy": ("card", [("CVS PHARMACY", "us"), ("WALGREENS", "us"), ("RITE AID", "us"), ("APOTHEKE AM MARKT", "de"), ("DOCMORRIS", "de"), ("PHARMACIE CENTRALE", "fr"), ("FARMACIA CENTRAL", "es"), ("ETOS", "nl"), ("LLOYDS PHARMACY", "uk"), ("FARMACIA COMUNALE", "it")]),
    "health.medical": ("debit", [("KAISER PERMANENTE", "us"), ("QUEST DIAGNOSTICS", "us"), ("ASPEN DENTAL", "us"), ("ZAHNARZTPRAXIS DR WEBER", "de"), ("PRAXIS DR SCHMIDT", "de"), ("CABINET DENTAIRE", "fr"), ("CLINICA DENTAL SONRISA", "es"), ("HUISARTSENPRAKTIJK", "nl"), ("BUPA DENTAL", "uk"), ("STUDIO DENTISTICO", "it")]),
    "health.fitness": ("debit", [("PLANET FITNESS", "us"), ("EQUINOX", "us"), ("24 HOUR FITNESS", "us"), ("MCFIT", "de"), ("URBAN SPORTS CLUB", "de"), ("BASIC FIT", "fr"), ("VIVAGYM", "es"), ("SPORTCITY", "nl"), ("PUREGYM", "uk"), ("VIRGIN ACTIVE", "it")]),
    "entertainment.streaming": ("debit", [("HULU", "us"), ("HBO MAX", "us"), ("PEACOCK", "us"), ("DISNEY PLUS", "de"), ("RTL+", "de"), ("CANAL+", "fr"), ("DEEZER", "fr"), ("MOVISTAR PLUS", "es"), ("VIDEOLAND", "nl"), ("NOW TV", "uk"), ("DAZN", "it"), ("PARAMOUNT+", "us")]),
    "entertainment.events": ("card", [("TICKETMASTER", "us"), ("STUBHUB", "us"), ("AMC THEATRES", "us"), ("EVENTIM", "de"), ("CINEMAXX", "de"), ("FNAC SPECTACLES", "fr"), ("UGC CINE CITE", "fr"), ("ENTRADAS.COM", "es"), ("PATHE", "nl"), ("ODEON CINEMAS", "uk"), ("TICKETONE", "it")]),
    "entertainment.hobbies": ("card", [("STEAMGAMES.COM", "us"), ("GAMESTOP", "us"), ("MICHAELS STORES", "us"), ("THALIA", "de"), ("SMYTHS TOYS", "de"), ("CULTURA", "fr"), ("DECATHLON", "fr"), ("CASA DEL LIBRO", "es"), ("BOL.COM", "nl"), ("WATERSTONES", "uk"), ("FELTRINELLI", "it"), ("NINTENDO ESHOP", "us")]),
    "subscriptions.software": ("debit", [("GITHUB INC", "us"), ("DROPBOX", "us"), ("ADOBE SYSTEMS", "us"), ("MICROSOFT 365", "us"), ("1PASSWORD", "us"), ("NOTION LABS", "us"), ("JETBRAINS", "de"), ("DEEPL SE", "de"), ("CANVA", "fr"), ("SETAPP", "uk"), ("ZOOM.US", "us")]),
    "subscriptions.news": ("debit", [("NYTIMES", "us"), ("WSJ DIGITAL", "us"), ("THE ATLANTIC", "us"), ("SPIEGEL ONLINE", "de"), ("ZEIT ONLINE ABO", "de"), ("LE MONDE ABONNEMENT", "fr"), ("EL PAIS SUSCRIPCION", "es"), ("NRC MEDIA", "nl"), ("THE GUARDIAN", "uk"), ("THE ECONOMIST", "uk"), ("CORRIERE DELLA SERA", "it")]),
    "travel.flights": ("card", [("UNITED AIRLINES", "us"), ("DELTA AIR LINES", "us"), ("SOUTHWEST AIRLINES", "us"), ("LUFTHANSA", "de"), ("EUROWINGS", "de"), ("AIR FRANCE", "fr"), ("IBERIA", "es"), ("VUELING AIRLINES", "es"), ("KLM", "nl"), ("EASYJET", "uk"), ("RYANAIR", "uk"), ("ITA AIRWAYS", "it")]),
    "travel.lodging": ("card", [("MARRIOTT", "us"), ("HILTON HOTELS", "us"), ("AIRBNB", "us"), ("MOTEL ONE", "de"), ("A&O HOSTEL", "de"), ("IBIS HOTEL", "fr"), ("NH HOTELES", "es"), ("BOOKING.COM", "nl"), ("PREMIER INN", "uk"), ("TRAVELODGE", "uk"), ("HOTEL BRISTOL", "it")]),
    "travel.car_rental": ("card", [("HERTZ", "us"), ("ENTERPRISE RENT-A-CAR", "us"), ("AVIS", "us"), ("SIXT", "de"), ("EUROPCAR", "fr"), ("GOLDCAR", "es"), ("SHARE NOW", "de"), ("GREENWHEELS", "nl"), ("ZIPCAR", "uk"), ("MAGGIORE RENT", "it")]),
    "family.personal_care": ("card", [("SUPERCUTS", "us"), ("SEPHORA", "us"), ("ULTA BEAUTY", "us"), ("DM DROGERIE MARKT", "de"), ("ROSSMANN", "de"), ("FRISEUR SALON HAARSCHARF", "de"), ("MARIONNAUD", "fr"), ("DRUNI", "es"), ("KRUIDVAT", "nl"), ("SUPERDRUG", "uk"), ("ACQUA E SAPONE", "it")]),
    "family.childcare": ("debit", [("BRIGHT HORIZONS", "us"), ("KINDERCARE", "us"), ("KITA SONNENSCHEIN", "de"), ("ELTERNBEITRAG KITA", "de"), ("CRECHE LES PETITS", "fr"), ("ESCUELA INFANTIL", "es"), ("KINDEROPVANG PARTOU", "nl"), ("NURSERY FEES", "uk"), ("ASILO NIDO", "it"), ("CARE.COM", "us")]),
    "family.education": ("debit", [("COURSERA", "us"), ("UDEMY", "us"), ("DUOLINGO", "us"), ("VOLKSHOCHSCHULE", "de"), ("SEMESTERBEITRAG UNI", "de"), ("OPENCLASSROOMS", "fr"), ("UNED MATRICULA", "es"), ("STUDIELINK DUO", "nl"), ("OPEN UNIVERSITY", "uk"), ("UNIVERSITA BOCCONI", "it")]),
    "family.pets": ("card", [("PETCO", "us"), ("PETSMART", "us"), ("CHEWY.COM", "us"), ("FRESSNAPF", "de"), ("TIERARZTPRAXIS", "de"), ("ZOOPLUS", "de"), ("MAXI ZOO", "fr"), ("TIENDANIMAL", "es"), ("DIERENARTS", "nl"), ("PETS AT HOME", "uk"), ("ARCAPLANET", "it")]),
    "financial.fees": ("debit", [("MONTHLY SERVICE FEE", "us"), ("OVERDRAFT FEE", "us"), ("FOREIGN TRANSACTION FEE", "us"), ("KONTOFUEHRUNGSGEBUEHR", "de"), ("ENTGELT KONTOFUEHRUNG", "de"), ("FRAIS TENUE DE COMPTE", "fr"), ("COMISION MANTENIMIENTO", "es"), ("KOSTEN BETAALPAKKET", "nl"), ("ACCOUNT FEE", "uk"), ("CANONE CONTO", "it")]),
    "financial.taxes": ("debit", [("IRS USATAXPYMT", "us"), ("FRANCHISE TAX BD", "us"), ("FINANZAMT", "de"), ("KFZ-STEUER BUNDESKASSE", "de"), ("DGFIP IMPOT", "fr"), ("AGENCIA TRIBUTARIA", "es"), ("BELASTINGDIENST", "nl"), ("HMRC SELF ASSESSMENT", "uk"), ("AGENZIA ENTRATE F24", "it"), ("GRUNDSTEUER STADTKASSE", "de")]),
    "financial.insurance": ("debit", [("GEICO AUTO", "us"), ("PROGRESSIVE INS", "us"), ("ALLIANZ VERSICHERUNG", "de"), ("TECHNIKER KRANKENKASSE", "de"), ("AXA ASSURANCE", "fr"), ("MUTUA MADRILENA", "es"), ("ZILVEREN KRUIS", "nl"), ("AVIVA", "uk"), ("GENERALI ITALIA", "it"), ("METLIFE", "us")]),
    "financial.loans": ("debit", [("NAVIENT", "us"), ("SALLIE MAE", "us"), ("TOYOTA FINANCIAL", "us"), ("SANTANDER CONSUMER BANK", "de"), ("KFW STUDIENKREDIT", "de"), ("COFIDIS", "fr"), ("CETELEM", "es"), ("DUO STUDIESCHULD", "nl"), ("STUDENT LOANS COMPANY", "uk"), ("FINDOMESTIC", "it")]),
    "giving.gifts": ("card", [("1-800-FLOWERS", "us"), ("ETSY", "us"), ("HALLMARK", "us"), ("BLUME 2000", "de"), ("WUNDERTUETE GESCHENKE", "de"), ("INTERFLORA", "fr"), ("SMARTBOX", "fr"), ("REGALOS ORIGINALES", "es"), ("FLEUROP", "nl"), ("MOONPIG", "uk"), ("PANDORA GIOIELLI", "it")]),
    "giving.charity": ("debit", [("RED CROSS", "us"), ("UNICEF USA", "us"), ("WIKIMEDIA FOUNDATION", "us"), ("DEUTSCHES ROTES KREUZ SPENDE", "de"), ("BROT FUER DIE WELT", "de"), ("RESTOS DU COEUR", "fr"), ("CRUZ ROJA", "es"), ("KWF KANKERBESTRIJDING", "nl"), ("OXFAM", "uk"), ("EMERGENCY ONG", "it")]),
    "transfers.internal": ("plain", [("ONLINE TRANSFER TO SAV XXXXXX4821 REF #IB0QX3", "us"), ("TRANSFER TO CHECKING 9921 CONFIRMATION 20418", "us"), ("Umbuchung auf Tagesgeldkonto DE12 1001 1001 2623 4456 89", "de"), ("DAUERAUFTRAG SPARPLAN EIGENES KONTO", "de"), ("VIR INTERNE VERS LIVRET A", "fr"), ("TRASPASO A CUENTA AHORRO", "es"), ("Overboeking naar spaarrekening NL91ABNA0417164300", "nl"), ("TRANSFER TO MARCUS SAVINGS", "uk"), ("GIROCONTO VERSO CONTO DEPOSITO", "it"), ("INTERNAL TRANSFER FROM BROKERAGE", "us")]),
    "transfers.credit_card": ("debit", [("CHASE CREDIT CRD AUTOPAY", "us"), ("AMEX EPAYMENT", "us"), ("CITI CARD ONLINE", "us"), ("KREDITKARTENABRECHNUNG", "de"), ("BARCLAYCARD ABRECHNUNG", "de"), ("RELEVE CARTE", "fr"), ("LIQUIDACION TARJETA CREDITO", "es"), ("ICS CREDITCARD", "nl"), ("BARCLAYCARD PAYMENT", "uk"), ("ESTRATTO CONTO CARTA", "it")]),
    "transfers.cash": ("card", [("ATM WITHDRAWAL", "us"), ("CASH WITHDRAWAL", "uk"), ("BARGELDAUSZAHLUNG", "de"), ("GELDAUTOMAT", "de"), ("RETRAIT DAB", "fr"), ("RETIRADA CAJERO", "es"), ("GELDOPNAME", "nl"), ("PRELIEVO BANCOMAT", "it"), ("ATM CASH", "us"), ("AUSZAHLUNG GAA", "de")]),
}

LINES = {"card": card_line, "debit": debit_line, "credit": credit_line, "plain": lambda m, _: m}


# Typical amounts per top-level category (a separate generator, so the descriptions above
# stay as they were). Only the sign reaches the categorizer's decision: money in is income or
# a transfer, money out an expense or a transfer.
AMOUNTS = {"income": (300, 4000), "housing": (40, 1800), "utilities": (20, 160),
           "food": (3, 120), "transport": (2, 90), "shopping": (5, 400), "health": (5, 300),
           "entertainment": (5, 120), "subscriptions": (2, 40), "travel": (40, 900),
           "family": (5, 600), "financial": (1, 500), "giving": (10, 150), "transfers": (20, 1000)}
A = random.Random(7)


def amount(slug, description):
    low, high = AMOUNTS[slug.split(".")[0]]
    value = f"{A.uniform(low, high):.2f}"
    incoming = slug.startswith("income.") or (
        slug == "transfers.internal" and " FROM " in f" {description.upper()} ")
    return value if incoming else f"-{value}"


def main():
    rows = []
    for slug, (kind, merchants) in SET.items():
        for n, (merchant, region) in enumerate(merchants):
            rows.append((LINES[kind](merchant, region), slug))
            # Every third merchant a second time, as another statement prints it.
            if n % 3 == 0 and kind != "plain":
                rows.append((LINES[kind](merchant, region), slug))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["description", "amount", "category"])
    # Two random formats can print a merchant alike: keep each description once.
    seen = set()
    writer.writerows((d, amount(slug, d), slug) for d, slug in rows
                     if not (d in seen or seen.add(d)))


if __name__ == "__main__":
    main()
