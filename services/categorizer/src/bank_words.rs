//! Words banks print around a merchant's name: processor prefixes, the phrases that open a
//! card or direct-debit line in seven languages, reference labels, and places. None of them
//! names a merchant, so normalization drops them (see `normalize`).

/// Processors that put their own name before the merchant's: `SQ *BLUE BOTTLE`.
pub const PROCESSOR_PREFIXES: &[&str] = &[
    "SQ", "SQU", "TST", "PAYPAL", "PP", "SP", "IZ", "IZETTLE", "SUMUP", "ZTL", "CKO", "PY", "BT",
    "DNH", "FS", "WPY", "SMP", "PMT", "EB", "GGL", "GOOGLE",
];

/// How banks open a line, in several languages. Only whole phrases at the start go, and only
/// when a name is left, so "Card Factory" keeps its name.
pub const BOILERPLATE: &[&str] = &[
    // German
    "KARTENZAHLUNG", "KARTENZAHLUNG/-ABRECHNUNG", "SEPA-LASTSCHRIFT", "SEPA LASTSCHRIFT",
    "LASTSCHRIFT", "FOLGELASTSCHRIFT", "ERSTLASTSCHRIFT", "GIROCARD", "EC-KARTE", "GUTSCHRIFT",
    "SEPA-GUTSCHRIFT", "SEPA GUTSCHRIFT", "UEBERWEISUNG", "DAUERAUFTRAG", "LOHN GEHALT",
    "LOHN", "GEHALT", "ABBUCHUNG",
    // English (US and UK)
    "POS", "POS DEBIT", "POS PURCHASE", "VISA", "DEBIT CARD PURCHASE", "DEBIT CARD",
    "CARD PAYMENT", "CARD PAYMENT TO", "CARD PURCHASE", "CHECKCARD", "CONTACTLESS", "APPLE PAY",
    "RECURRING PAYMENT", "PURCHASE AUTHORIZED ON", "PURCHASE", "ACH DEBIT", "ACH CREDIT",
    "PREAUTHORIZED DEBIT", "DIRECT DEBIT", "DD", "ONLINE PMT", "ONLINE PAYMENT", "BILL PAYMENT",
    "DIRECT DEPOSIT", "FASTER PAYMENT FROM", "FASTER PAYMENT", "BGC", "SO", "STO",
    // French
    "CB", "CARTE", "PAIEMENT PAR CARTE", "PAIEMENT CB", "ACHAT CB", "PRLV SEPA", "PRLV",
    "PRELEVEMENT", "PRELEVEMENT SEPA", "VIR SEPA RECU", "VIR SEPA", "VIREMENT DE", "VIREMENT",
    // Spanish
    "COMPRA TARJETA", "COMPRA TARJ", "COMPRA EN", "COMPRA", "PAGO TARJETA", "PAGO CON TARJETA",
    "RECIBO", "ADEUDO DOMICILIADO", "ADEUDO", "TRANSFERENCIA DE", "ABONO",
    // Dutch
    "BETAALAUTOMAAT", "PINBETALING", "BEA", "BEA BETAALPAS", "GEA", "INCASSO",
    "SEPA INCASSO ALGEMEEN DOORLOPEND INCASSANT", "SEPA INCASSO", "SEPA OVERBOEKING VAN",
    "SEPA OVERBOEKING",
    // Italian
    "PAGAMENTO POS", "PAGAMENTO CONTACTLESS", "PAGAMENTO", "ADDEBITO SDD", "ADDEBITO DIRETTO",
    "ADDEBITO", "BONIFICO A VOSTRO FAVORE DA", "BONIFICO", "ACCREDITO",
];

/// Labels and filler anywhere in a line: references, mandates, card and customer numbers,
/// thank-you notes. The number after such a label is dropped as noise on its own.
pub const NOISE_WORDS: &[&str] = &[
    "REF", "REF.", "REFERENCE", "CONF#", "CONF", "CONFIRMATION", "ID", "PPD", "WEB", "PMT",
    "AUTOPAY", "KUNDENNR", "KUNDENNUMMER", "MANDAT", "MANDATSREF", "VERTRAGSNR", "VERTRAG",
    "GLAEUBIGER-ID", "MACHTIGING", "MACHTIGINGSKENMERK", "NAAM", "INCASSANT", "OMSCHRIJVING",
    "BETAALPAS", "NR", "KARTE", "CARTA", "TARJ", "TARJETA", "FATT", "FATTURA N", "N",
    "ON", "AUTH", "EUR", "USD", "GBP",
];

/// How banks close a line: only whole phrases at the end go, when a name is left.
pub const TRAILING_BOILERPLATE: &[&str] = &[
    "SAGT DANKE", "DIRECT DEP", "DIRECT DEPOSIT", "WEB PMT", "PAYMENT", "AUTOPAY", "CARD",
    "BILL", "E-PAYMENT", "EPAYMENT", "ONLINE",
];

/// Two-letter US state and Canadian province codes that end US card lines ("SEATTLE WA").
pub const REGION_CODES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "ON", "QC", "BC", "AB", "MB", "NS", "NB", "SK",
];

/// Country codes that end European card lines ("LONDON GB").
pub const COUNTRY_CODES: &[&str] = &[
    "GB", "UK", "GBR", "DE", "DEU", "FR", "FRA", "ES", "ESP", "NL", "NLD", "IT", "ITA", "US",
    "USA", "IE", "BE", "AT", "CH", "PT", "LU",
];

/// Cities that card lines print after the merchant, the largest of each country Kakeibo's
/// banks serve, in the spellings banks use (no accents, umlauts written out).
pub const PLACES: &[&str] = &[
    // United States and Canada
    "NEW YORK", "BROOKLYN", "QUEENS", "BRONX", "MANHATTAN", "LOS ANGELES", "CHICAGO", "HOUSTON",
    "PHOENIX", "PHILADELPHIA", "SAN ANTONIO", "SAN DIEGO", "DALLAS", "SAN JOSE", "AUSTIN",
    "JACKSONVILLE", "FORT WORTH", "COLUMBUS", "CHARLOTTE", "SAN FRANCISCO", "INDIANAPOLIS",
    "SEATTLE", "DENVER", "WASHINGTON", "BOSTON", "EL PASO", "NASHVILLE", "DETROIT",
    "OKLAHOMA CITY", "PORTLAND", "LAS VEGAS", "MEMPHIS", "LOUISVILLE", "BALTIMORE",
    "MILWAUKEE", "ALBUQUERQUE", "TUCSON", "FRESNO", "SACRAMENTO", "KANSAS CITY", "MESA",
    "ATLANTA", "OMAHA", "RALEIGH", "MIAMI", "OAKLAND", "MINNEAPOLIS", "TULSA", "CLEVELAND",
    "WICHITA", "ARLINGTON", "NEW ORLEANS", "TAMPA", "HONOLULU", "PITTSBURGH", "CINCINNATI",
    "ORLANDO", "ST LOUIS", "SALT LAKE CITY", "BERKELEY", "PALO ALTO", "CAMBRIDGE", "TORONTO",
    "VANCOUVER", "MONTREAL",
    // Germany
    "BERLIN", "HAMBURG", "MUENCHEN", "MUNCHEN", "MUNICH", "KOELN", "KOLN", "COLOGNE",
    "FRANKFURT", "FRANKFURT AM MAIN", "STUTTGART", "DUESSELDORF", "DUSSELDORF", "LEIPZIG",
    "DORTMUND", "ESSEN", "BREMEN", "DRESDEN", "HANNOVER", "NUERNBERG", "NURNBERG", "DUISBURG",
    "BOCHUM", "WUPPERTAL", "BIELEFELD", "BONN", "MUENSTER", "MANNHEIM", "KARLSRUHE",
    "AUGSBURG", "WIESBADEN", "FREIBURG", "HEIDELBERG", "POTSDAM", "KIEL", "ROSTOCK", "MAINZ",
    // France
    "PARIS", "MARSEILLE", "LYON", "TOULOUSE", "NICE", "NANTES", "STRASBOURG", "MONTPELLIER",
    "BORDEAUX", "LILLE", "RENNES", "REIMS", "TOULON", "GRENOBLE", "DIJON", "ANGERS", "NIMES",
    // Spain
    "MADRID", "BARCELONA", "VALENCIA", "SEVILLA", "ZARAGOZA", "MALAGA", "MURCIA", "PALMA",
    "LAS PALMAS", "BILBAO", "ALICANTE", "CORDOBA", "VALLADOLID", "VIGO", "GIJON", "GRANADA",
    // Netherlands
    "AMSTERDAM", "ROTTERDAM", "DEN HAAG", "S-GRAVENHAGE", "THE HAGUE", "UTRECHT", "EINDHOVEN",
    "GRONINGEN", "TILBURG", "ALMERE", "BREDA", "NIJMEGEN", "HAARLEM", "ARNHEM", "LEIDEN",
    "MAASTRICHT", "DELFT",
    // United Kingdom and Ireland
    "LONDON", "BIRMINGHAM", "MANCHESTER", "LEEDS", "GLASGOW", "LIVERPOOL", "BRISTOL",
    "SHEFFIELD", "EDINBURGH", "CARDIFF", "LEICESTER", "NOTTINGHAM", "NEWCASTLE", "BRIGHTON",
    "OXFORD", "BELFAST", "DUBLIN", "SOUTHAMPTON", "YORK",
    // Italy
    "ROMA", "ROME", "MILANO", "MILAN", "NAPOLI", "TORINO", "PALERMO", "GENOVA", "BOLOGNA",
    "FIRENZE", "BARI", "CATANIA", "VENEZIA", "VERONA", "PADOVA", "TRIESTE", "BRESCIA", "PARMA",
];
