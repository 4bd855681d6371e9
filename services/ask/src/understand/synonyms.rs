//! Names for the built-in categories (by `default_slug`) in the five languages, so "Lebensmittel",
//! "courses", "supermercado" and "spesa" all find the user's Groceries, whatever they renamed
//! it to. Written as `text::words` normalises (no accents); plurals that differ from the
//! singular by more than an "s" are listed.

use super::intent::Language;
use super::lexicon::{DE, EN, ES, FR, IT};

pub const CATEGORY_SYNONYMS: &[(&str, &[(&str, Language)])] = &[
    ("income", &[
        ("income", EN), ("einkommen", DE), ("einnahmen", DE), ("revenus", FR),
        ("ingresos", ES), ("entrate", IT), ("reddito", IT),
    ]),
    ("income.salary", &[
        ("salary", EN), ("wages", EN), ("paycheck", EN), ("gehalt", DE),
        ("lohn", DE), ("salaire", FR), ("salario", ES), ("sueldo", ES),
        ("nomina", ES), ("stipendio", IT), ("salario", IT),
    ]),
    ("income.bonus", &[("bonus", EN), ("pramie", DE), ("prime", FR), ("prima", ES), ("premio", IT)]),
    ("income.freelance", &[
        ("freelance", EN), ("freelancing", EN), ("side income", EN), ("freiberuflich", DE),
        ("honorar", DE), ("honorare", DE), ("independant", FR), ("autonomo", ES),
        ("freelance", IT),
    ]),
    ("income.interest", &[
        ("interest", EN), ("dividends", EN), ("zinsen", DE), ("dividenden", DE),
        ("interets", FR), ("dividendes", FR), ("intereses", ES), ("dividendos", ES),
        ("interessi", IT), ("dividendi", IT),
    ]),
    ("income.refunds", &[
        ("refund", EN), ("refunds", EN), ("erstattung", DE), ("erstattungen", DE),
        ("ruckerstattung", DE), ("ruckerstattungen", DE), ("remboursement", FR),
        ("remboursements", FR), ("reembolso", ES), ("reembolsos", ES), ("rimborso", IT),
        ("rimborsi", IT),
    ]),
    ("housing", &[
        ("housing", EN), ("home", EN), ("wohnen", DE), ("wohnung", DE), ("logement", FR),
        ("vivienda", ES), ("casa", IT), ("abitazione", IT),
    ]),
    ("housing.rent", &[
        ("rent", EN), ("miete", DE), ("loyer", FR), ("alquiler", ES), ("renta", ES),
        ("affitto", IT),
    ]),
    ("housing.mortgage", &[
        ("mortgage", EN), ("hypothek", DE), ("baufinanzierung", DE), ("hypotheque", FR),
        ("hipoteca", ES), ("mutuo", IT),
    ]),
    ("housing.maintenance", &[
        ("repairs", EN), ("maintenance", EN), ("reparaturen", DE), ("reparatur", DE),
        ("reparations", FR), ("entretien", FR), ("reparaciones", ES), ("riparazioni", IT),
        ("manutenzione", IT),
    ]),
    ("housing.insurance", &[
        ("home insurance", EN), ("hausratversicherung", DE), ("assurance habitation", FR),
        ("seguro de hogar", ES), ("assicurazione casa", IT),
    ]),
    ("utilities", &[
        ("utilities", EN), ("utility", EN), ("nebenkosten", DE), ("versorger", DE),
        ("charges", FR), ("services publics", FR), ("suministros", ES),
        ("servicios", ES), ("utenze", IT),
    ]),
    ("utilities.electricity", &[
        ("electricity", EN), ("power", EN), ("strom", DE), ("electricite", FR),
        ("electricidad", ES), ("luz", ES), ("elettricita", IT), ("luce", IT),
    ]),
    ("utilities.heating", &[
        ("heating", EN), ("heizung", DE), ("gas", DE), ("chauffage", FR), ("calefaccion", ES),
        ("riscaldamento", IT),
    ]),
    ("utilities.water", &[("water", EN), ("wasser", DE), ("eau", FR), ("agua", ES), ("acqua", IT)]),
    ("utilities.internet_phone", &[
        ("internet", EN), ("phone", EN), ("mobile", EN), ("telefon", DE), ("handy", DE),
        ("telephone", FR), ("portable", FR), ("telefono", ES), ("movil", ES),
        ("telefono", IT), ("cellulare", IT),
    ]),
    ("food", &[
        ("food", EN), ("eating", EN), ("essen", DE), ("nourriture", FR), ("alimentation", FR),
        ("comida", ES), ("alimentacion", ES), ("cibo", IT), ("alimentari", IT),
    ]),
    ("food.groceries", &[
        ("groceries", EN), ("grocery", EN), ("supermarket", EN), ("supermarkets", EN),
        ("lebensmittel", DE), ("supermarkt", DE), ("einkaufen", DE), ("courses", FR),
        ("epicerie", FR), ("supermarche", FR), ("supermercado", ES), ("supermercados", ES),
        ("comestibles", ES), ("alimentos", ES), ("spesa", IT), ("supermercato", IT),
        ("spesa alimentare", IT),
        ("generi alimentari", IT),
    ]),
    ("food.restaurants", &[
        ("restaurant", EN), ("restaurants", EN), ("eating out", EN), ("dining out", EN),
        ("eat out", EN), ("ate out", EN), ("went out to eat", EN),
        ("dining", EN), ("takeaway", EN), ("essen gehen", DE), ("gaststatte", DE),
        ("gaststatten", DE), ("resto", FR), ("restos", FR), ("restaurante", ES),
        ("restaurantes", ES), ("ristorante", IT), ("ristoranti", IT),
    ]),
    ("food.coffee", &[
        ("coffee", EN), ("coffees", EN), ("cafe", EN), ("cafes", EN), ("coffee shop", EN),
        ("kaffee", DE), ("cafe", FR), ("cafes", FR), ("cafeteria", ES), ("cafeterias", ES),
        ("caffe", IT), ("bar", IT),
    ]),
    ("food.delivery", &[
        ("delivery", EN), ("food delivery", EN), ("takeout", EN), ("lieferdienst", DE),
        ("lieferdienste", DE), ("essenslieferung", DE), ("livraison", FR),
        ("livraison de repas", FR), ("comida a domicilio", ES), ("delivery", ES),
        ("consegna", IT), ("consegne", IT), ("cibo a domicilio", IT),
    ]),
    ("transport", &[
        ("transport", EN), ("transportation", EN), ("getting around", EN), ("verkehr", DE),
        ("mobilitat", DE), ("transports", FR), ("transporte", ES), ("trasporti", IT),
        ("trasporto", IT),
    ]),
    ("transport.public", &[
        ("public transport", EN), ("public transit", EN), ("train", EN), ("trains", EN),
        ("bus", EN), ("metro", EN), ("subway", EN), ("offis", DE), ("nahverkehr", DE),
        ("bahn", DE), ("zug", DE), ("transports en commun", FR), ("transport public", FR),
        ("transporte publico", ES), ("tren", ES), ("trasporto pubblico", IT),
        ("trasporti pubblici", IT),
        ("treno", IT), ("treni", IT), ("mezzi pubblici", IT),
    ]),
    ("transport.fuel", &[
        ("fuel", EN), ("petrol", EN), ("gasoline", EN), ("gas station", EN), ("benzin", DE),
        ("fill up", EN), ("filled up", EN), ("fill up the car", EN), ("getankt", DE),
        ("tanken", DE), ("sprit", DE), ("kraftstoff", DE), ("tankstelle", DE),
        ("essence", FR), ("carburant", FR), ("gasolina", ES), ("combustible", ES),
        ("benzina", IT), ("carburante", IT),
    ]),
    ("transport.parking", &[
        ("parking", EN), ("tolls", EN), ("parken", DE), ("maut", DE), ("peage", FR),
        ("estacionamiento", ES), ("aparcamiento", ES), ("parcheggio", IT), ("pedaggi", IT),
    ]),
    ("transport.taxi", &[
        ("taxi", EN), ("taxis", EN), ("rideshare", EN), ("ride hailing", EN), ("cab", EN),
        ("taxi", DE), ("taxi", FR), ("vtc", FR), ("taxi", ES), ("taxi", IT),
    ]),
    ("transport.car", &[
        ("car", EN), ("car maintenance", EN), ("auto", DE), ("werkstatt", DE),
        ("voiture", FR), ("coche", ES), ("auto", IT), ("macchina", IT),
    ]),
    ("shopping", &[
        ("shopping", EN), ("shoppen", DE), ("achats", FR),
        ("shopping", FR), ("compras", ES), ("shopping", IT),
    ]),
    ("shopping.clothing", &[
        ("clothing", EN), ("clothes", EN), ("fashion", EN), ("kleidung", DE), ("mode", DE),
        ("vetements", FR), ("ropa", ES), ("vestiti", IT), ("abbigliamento", IT),
    ]),
    ("shopping.electronics", &[
        ("electronics", EN), ("elektronik", DE), ("electronique", FR), ("electronica", ES),
        ("elettronica", IT),
    ]),
    ("shopping.home", &[
        ("home and garden", EN), ("furniture", EN), ("garden", EN), ("mobel", DE),
        ("garten", DE), ("meubles", FR), ("jardin", FR), ("muebles", ES), ("mobili", IT),
        ("giardino", IT),
    ]),
    ("shopping.general", &[("general merchandise", EN)]),
    ("health", &[
        ("health", EN), ("healthcare", EN), ("gesundheit", DE), ("sante", FR), ("salud", ES),
        ("salute", IT),
    ]),
    ("health.pharmacy", &[
        ("pharmacy", EN), ("drugstore", EN), ("medicine", EN), ("apotheke", DE),
        ("drogerie", DE), ("pharmacie", FR), ("farmacia", ES), ("farmacia", IT),
    ]),
    ("health.medical", &[
        ("doctor", EN), ("dentist", EN), ("medical", EN), ("arzt", DE), ("zahnarzt", DE),
        ("medecin", FR), ("dentiste", FR), ("medico", ES), ("dentista", ES), ("medico", IT),
        ("dentista", IT),
    ]),
    ("health.fitness", &[
        ("fitness", EN), ("gym", EN), ("sport", EN), ("fitnessstudio", DE), ("sport", DE),
        ("salle de sport", FR), ("gimnasio", ES), ("palestra", IT),
    ]),
    ("entertainment", &[
        ("entertainment", EN), ("fun", EN), ("leisure", EN), ("unterhaltung", DE),
        ("freizeit", DE), ("loisirs", FR), ("divertissement", FR), ("ocio", ES),
        ("entretenimiento", ES), ("intrattenimento", IT), ("svago", IT),
    ]),
    ("entertainment.streaming", &[("streaming", EN), ("streamingdienste", DE)]),
    ("entertainment.events", &[
        ("events", EN), ("tickets", EN), ("concerts", EN), ("cinema", EN), ("movies", EN),
        ("veranstaltungen", DE), ("konzerte", DE), ("kino", DE), ("tickets", DE),
        ("evenements", FR), ("concerts", FR), ("billets", FR), ("cinema", FR),
        ("eventos", ES), ("entradas", ES), ("conciertos", ES), ("cine", ES),
        ("eventi", IT), ("biglietti", IT), ("concerti", IT), ("cinema", IT),
    ]),
    ("entertainment.hobbies", &[
        ("hobbies", EN), ("games", EN), ("hobby", DE), ("spiele", DE), ("loisir", FR),
        ("jeux", FR), ("aficiones", ES), ("juegos", ES), ("hobby", IT), ("giochi", IT),
    ]),
    ("subscriptions", &[
        ("subscriptions", EN), ("abos", DE), ("abonnements", DE), ("abonnements", FR),
        ("suscripciones", ES), ("abbonamenti", IT),
    ]),
    ("subscriptions.software", &[("software", EN), ("apps", EN), ("logiciels", FR)]),
    ("subscriptions.news", &[
        ("news", EN), ("magazines", EN), ("newspapers", EN), ("zeitungen", DE),
        ("zeitschriften", DE), ("journaux", FR), ("presse", FR), ("periodicos", ES),
        ("revistas", ES), ("giornali", IT), ("riviste", IT),
    ]),
    ("travel", &[
        ("travel", EN), ("travels", EN), ("trips", EN), ("holidays", EN), ("vacation", EN),
        ("reisen", DE), ("reise", DE), ("urlaub", DE), ("voyage", FR), ("voyages", FR),
        ("vacances", FR), ("viajes", ES), ("viaje", ES), ("vacaciones", ES),
        ("viaggi", IT), ("viaggio", IT), ("vacanze", IT),
    ]),
    ("travel.flights", &[
        ("flights", EN), ("flight", EN), ("airfare", EN), ("fluge", DE), ("flug", DE),
        ("vols", FR), ("vol", FR), ("avion", FR), ("vuelos", ES), ("vuelo", ES),
        ("voli", IT), ("volo", IT),
    ]),
    ("travel.lodging", &[
        ("hotel", EN), ("hotels", EN), ("lodging", EN), ("accommodation", EN),
        ("unterkunft", DE), ("hotels", DE), ("ubernachtung", DE), ("hebergement", FR),
        ("hotel", FR), ("alojamiento", ES), ("hotel", ES), ("hoteles", ES),
        ("alloggio", IT), ("albergo", IT), ("hotel", IT),
    ]),
    ("travel.car_rental", &[
        ("car rental", EN), ("rental car", EN), ("mietwagen", DE), ("autovermietung", DE),
        ("location de voiture", FR), ("alquiler de coche", ES), ("noleggio auto", IT),
    ]),
    ("family", &[("family", EN), ("familie", DE), ("famille", FR), ("familia", ES), ("famiglia", IT)]),
    ("family.personal_care", &[
        ("personal care", EN), ("haircut", EN), ("hairdresser", EN), ("korperpflege", DE),
        ("friseur", DE), ("coiffeur", FR), ("soins", FR), ("peluqueria", ES),
        ("cuidado personal", ES), ("parrucchiere", IT), ("cura personale", IT),
    ]),
    ("family.childcare", &[
        ("childcare", EN), ("daycare", EN), ("kinderbetreuung", DE), ("kita", DE),
        ("garde d enfants", FR), ("creche", FR), ("guarderia", ES), ("asilo", IT),
    ]),
    ("family.education", &[
        ("education", EN), ("school", EN), ("courses", EN), ("bildung", DE), ("schule", DE),
        ("kurse", DE), ("education", FR), ("ecole", FR), ("educacion", ES), ("escuela", ES),
        ("istruzione", IT), ("scuola", IT),
    ]),
    ("family.pets", &[
        ("pets", EN), ("pet", EN), ("dog", EN), ("cat", EN), ("haustiere", DE),
        ("haustier", DE), ("hund", DE), ("katze", DE), ("animaux", FR), ("mascotas", ES),
        ("animali", IT),
    ]),
    ("financial", &[("finances", EN), ("finanzen", DE), ("finances", FR), ("finanzas", ES), ("finanze", IT)]),
    ("financial.fees", &[
        ("fees", EN), ("bank fees", EN), ("charges", EN), ("gebuhren", DE),
        ("bankgebuhren", DE), ("frais", FR), ("frais bancaires", FR), ("comisiones", ES),
        ("comisiones bancarias", ES), ("commissioni", IT), ("spese bancarie", IT),
    ]),
    ("financial.taxes", &[
        ("taxes", EN), ("tax", EN), ("steuern", DE), ("steuer", DE), ("impots", FR),
        ("impot", FR), ("taxes", FR), ("impuestos", ES), ("tasse", IT), ("imposte", IT),
    ]),
    ("financial.insurance", &[
        ("insurance", EN), ("versicherung", DE), ("versicherungen", DE), ("assurance", FR),
        ("assurances", FR), ("seguro", ES), ("seguros", ES), ("assicurazione", IT),
        ("assicurazioni", IT),
    ]),
    ("financial.loans", &[
        ("loan payments", EN), ("loans", EN), ("kredite", DE), ("kreditraten", DE),
        ("pret", FR), ("prets", FR), ("prestamos", ES), ("prestiti", IT), ("rate", IT),
    ]),
    ("giving", &[("gifts and donations", EN), ("giving", EN)]),
    ("giving.gifts", &[
        ("gifts", EN), ("presents", EN), ("geschenke", DE), ("cadeaux", FR),
        ("regalos", ES), ("regali", IT),
    ]),
    ("giving.charity", &[
        ("charity", EN), ("donations", EN), ("spenden", DE), ("dons", FR), ("donaciones", ES),
        ("beneficenza", IT), ("donazioni", IT),
    ]),
    ("transfers", &[
        ("transfers", EN), ("umbuchungen", DE), ("virements", FR), ("transferencias", ES),
        ("trasferimenti", IT),
    ]),
    ("transfers.cash", &[
        ("cash withdrawals", EN), ("atm", EN), ("withdrawals", EN), ("bargeld", DE),
        ("geldautomat", DE), ("abhebungen", DE), ("retraits", FR), ("distributeur", FR),
        ("retiros", ES), ("cajero", ES), ("prelievi", IT), ("bancomat", IT),
    ]),
    ("other", &[("other", EN), ("sonstiges", DE), ("autre", FR), ("autres", FR), ("otros", ES), ("altro", IT)]),
];

/// Words people use in the names of budgets and savings goals, each set the same word in the
/// five languages: a goal named "Summer holiday" is also "les vacances d'été" and "der
/// Sommerurlaub".
pub const PLAN_WORDS: &[&[&str]] = &[
    &["holiday", "holidays", "vacation", "urlaub", "ferien", "vacances", "vacaciones", "vacanze"],
    &["summer", "sommer", "ete", "verano", "estate", "estive", "estivo", "estiva"],
    &["winter", "hiver", "invierno", "inverno", "invernale"],
    &["emergency", "notfall", "notgroschen", "urgence", "emergencia", "emergenza", "emergencias"],
    &["fund", "fonds", "fondo", "rucklage", "reserve", "reserva", "riserva", "polster"],
    &["travel", "trip", "reise", "reisen", "voyage", "voyages", "viaje", "viajes", "viaggio", "viaggi"],
    &["house", "home", "haus", "wohnung", "maison", "casa"],
    &["car", "auto", "voiture", "coche", "macchina"],
    &["wedding", "hochzeit", "mariage", "boda", "matrimonio"],
    &["retirement", "rente", "ruhestand", "retraite", "jubilacion", "pensione"],
    &["eating", "essen", "manger", "comer", "mangiare"],
    &["coffee", "kaffee", "cafe", "caffe"],
    &["groceries", "lebensmittel", "courses", "supermercado", "spesa"],
];

/// "Overall", "total", "general": the budget over all spending (one without a category).
pub const OVERALL: &[(&str, Language)] = &[
    ("overall", EN), ("total", EN), ("general", EN), ("whole", EN), ("everything", EN),
    ("gesamt", DE), ("alles", DE), ("global", FR), ("general", FR),
    ("total", FR), ("general", ES), ("global", ES), ("total", ES), ("generale", IT),
    ("globale", IT), ("totale", IT), ("complessivo", IT),
];

/// How answers name the built-in categories in each language (by `default_slug`): the
/// built-in English name, then German, French, Spanish and Italian. A category the user
/// renamed keeps the user's name.
pub const DISPLAY: &[(&str, [&str; 5])] = &[
    ("income", ["Income", "Einkommen", "revenus", "ingresos", "entrate"]),
    ("income.salary", ["Salary", "Gehalt", "salaire", "sueldo", "stipendio"]),
    ("income.bonus", ["Bonus", "Prämie", "primes", "primas", "premi"]),
    ("income.freelance", ["Freelance", "freiberufliche Arbeit", "missions indépendantes", "trabajo autónomo", "lavoro freelance"]),
    ("income.interest", ["Interest & Dividends", "Zinsen & Dividenden", "intérêts et dividendes", "intereses y dividendos", "interessi e dividendi"]),
    ("income.refunds", ["Refunds", "Erstattungen", "remboursements", "reembolsos", "rimborsi"]),
    ("housing", ["Housing", "Wohnen", "logement", "vivienda", "casa"]),
    ("housing.rent", ["Rent", "Miete", "loyer", "alquiler", "affitto"]),
    ("housing.mortgage", ["Mortgage", "Hypothek", "prêt immobilier", "hipoteca", "mutuo"]),
    ("housing.maintenance", ["Maintenance & Repairs", "Instandhaltung & Reparaturen", "entretien et réparations", "mantenimiento y reparaciones", "manutenzione e riparazioni"]),
    ("housing.insurance", ["Home Insurance", "Hausratversicherung", "assurance habitation", "seguro de hogar", "assicurazione casa"]),
    ("utilities", ["Utilities", "Nebenkosten", "charges", "suministros", "utenze"]),
    ("utilities.electricity", ["Electricity", "Strom", "électricité", "electricidad", "elettricità"]),
    ("utilities.heating", ["Gas & Heating", "Gas & Heizung", "gaz et chauffage", "gas y calefacción", "gas e riscaldamento"]),
    ("utilities.water", ["Water", "Wasser", "eau", "agua", "acqua"]),
    ("utilities.internet_phone", ["Internet & Phone", "Internet & Telefon", "internet et téléphone", "internet y teléfono", "internet e telefono"]),
    ("food", ["Food & Dining", "Essen & Trinken", "alimentation", "comida", "cibo"]),
    ("food.groceries", ["Groceries", "Lebensmittel", "courses", "supermercado", "spesa"]),
    ("food.restaurants", ["Restaurants", "Restaurants", "restaurants", "restaurantes", "ristoranti"]),
    ("food.coffee", ["Coffee Shops", "Cafés", "cafés", "cafeterías", "caffè"]),
    ("food.delivery", ["Food Delivery", "Lieferdienste", "livraison de repas", "comida a domicilio", "cibo a domicilio"]),
    ("transport", ["Transportation", "Verkehr", "transports", "transporte", "trasporti"]),
    ("transport.public", ["Public Transit", "Nahverkehr", "transports en commun", "transporte público", "trasporto pubblico"]),
    ("transport.fuel", ["Fuel", "Kraftstoff", "carburant", "gasolina", "carburante"]),
    ("transport.parking", ["Parking & Tolls", "Parken & Maut", "parking et péages", "aparcamiento y peajes", "parcheggi e pedaggi"]),
    ("transport.taxi", ["Taxi & Rideshare", "Taxi & Fahrdienste", "taxi et VTC", "taxi y VTC", "taxi e ride sharing"]),
    ("transport.car", ["Car Maintenance", "Autowartung", "entretien de la voiture", "mantenimiento del coche", "manutenzione auto"]),
    ("shopping", ["Shopping", "Einkäufe", "achats", "compras", "shopping"]),
    ("shopping.clothing", ["Clothing", "Kleidung", "vêtements", "ropa", "abbigliamento"]),
    ("shopping.electronics", ["Electronics", "Elektronik", "électronique", "electrónica", "elettronica"]),
    ("shopping.home", ["Home & Garden", "Haus & Garten", "maison et jardin", "hogar y jardín", "casa e giardino"]),
    ("shopping.general", ["General Merchandise", "Allgemeine Waren", "articles divers", "artículos varios", "articoli vari"]),
    ("health", ["Health", "Gesundheit", "santé", "salud", "salute"]),
    ("health.pharmacy", ["Pharmacy", "Apotheke", "pharmacie", "farmacia", "farmacia"]),
    ("health.medical", ["Medical & Dental", "Arzt & Zahnarzt", "médecin et dentiste", "médico y dentista", "medico e dentista"]),
    ("health.fitness", ["Fitness", "Fitness", "sport", "gimnasio", "palestra"]),
    ("entertainment", ["Entertainment", "Unterhaltung", "loisirs", "ocio", "intrattenimento"]),
    ("entertainment.streaming", ["Streaming", "Streaming", "streaming", "streaming", "streaming"]),
    ("entertainment.events", ["Events & Tickets", "Veranstaltungen & Tickets", "événements et billets", "eventos y entradas", "eventi e biglietti"]),
    ("entertainment.hobbies", ["Games & Hobbies", "Spiele & Hobbys", "jeux et loisirs", "juegos y aficiones", "giochi e hobby"]),
    ("subscriptions", ["Subscriptions", "Abos", "abonnements", "suscripciones", "abbonamenti"]),
    ("subscriptions.software", ["Software & Apps", "Software & Apps", "logiciels et applis", "software y apps", "software e app"]),
    ("subscriptions.news", ["News & Magazines", "Zeitungen & Zeitschriften", "presse et magazines", "prensa y revistas", "giornali e riviste"]),
    ("travel", ["Travel", "Reisen", "voyages", "viajes", "viaggi"]),
    ("travel.flights", ["Flights", "Flüge", "vols", "vuelos", "voli"]),
    ("travel.lodging", ["Lodging", "Unterkunft", "hébergement", "alojamiento", "alloggio"]),
    ("travel.car_rental", ["Car Rental", "Mietwagen", "location de voiture", "alquiler de coche", "noleggio auto"]),
    ("family", ["Personal & Family", "Persönliches & Familie", "personnel et famille", "personal y familia", "persona e famiglia"]),
    ("family.personal_care", ["Personal Care", "Körperpflege", "soins personnels", "cuidado personal", "cura personale"]),
    ("family.childcare", ["Childcare", "Kinderbetreuung", "garde d'enfants", "guardería", "asilo"]),
    ("family.education", ["Education", "Bildung", "éducation", "educación", "istruzione"]),
    ("family.pets", ["Pets", "Haustiere", "animaux", "mascotas", "animali"]),
    ("financial", ["Financial", "Finanzen", "finances", "finanzas", "finanze"]),
    ("financial.fees", ["Bank Fees", "Bankgebühren", "frais bancaires", "comisiones bancarias", "commissioni bancarie"]),
    ("financial.taxes", ["Taxes", "Steuern", "impôts", "impuestos", "tasse"]),
    ("financial.insurance", ["Insurance", "Versicherungen", "assurances", "seguros", "assicurazioni"]),
    ("financial.loans", ["Loan Payments", "Kreditraten", "remboursements de prêt", "pagos de préstamos", "rate del prestito"]),
    ("giving", ["Gifts & Donations", "Geschenke & Spenden", "cadeaux et dons", "regalos y donaciones", "regali e donazioni"]),
    ("giving.gifts", ["Gifts", "Geschenke", "cadeaux", "regalos", "regali"]),
    ("giving.charity", ["Charity", "Spenden", "dons", "donaciones", "beneficenza"]),
    ("transfers", ["Transfers", "Umbuchungen", "virements", "transferencias", "trasferimenti"]),
    ("transfers.internal", ["Between My Accounts", "Zwischen meinen Konten", "entre mes comptes", "entre mis cuentas", "tra i miei conti"]),
    ("transfers.credit_card", ["Credit Card Payment", "Kreditkartenabrechnung", "paiement de la carte", "pago de la tarjeta", "pagamento della carta"]),
    ("transfers.cash", ["Cash Withdrawal", "Bargeldabhebung", "retraits d'espèces", "retiradas de efectivo", "prelievi di contanti"]),
    ("other", ["Other", "Sonstiges", "autres", "otros", "altro"]),
];

/// A built-in category's name in `language`, when `name` is still its built-in English name
/// (a category the user renamed keeps the user's name).
pub fn display_name(slug: &str, name: &str, language: Language) -> Option<&'static str> {
    let (_, names) = DISPLAY.iter().find(|(s, _)| *s == slug)?;
    (names[0] == name).then(|| names[language as usize])
}
