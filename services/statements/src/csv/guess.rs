//! A mapping guessed for a CSV export no preset knows: the header's words (English, German,
//! French, Spanish, Italian, Dutch) say which column is the date, the amount (or debit and
//! credit), the payee, the purpose and the currency; the values say how dates and amounts are
//! written. The guess says how sure it is, and why, so the preview can show it and an import
//! can refuse an unsure one until the user confirms it.

use ::csv::{ReaderBuilder, StringRecord};
use rust_decimal::Decimal;
use serde::Serialize;

use super::plan::parse_csv_date;
use super::presets::top_lines;
use super::{AmountColumns, Column, CsvMapping, SignConvention, parse_text};
use crate::statement::ParseError;
use crate::text::{DecimalMark, Encoding, clipped, decode, parse_amount, shown};

/// A guess at least this sure is used without asking, as a matching preset is.
pub const CONFIDENT: f64 = 0.8;

/// Data rows the guess looks at.
const SAMPLE_ROWS: usize = 200;
/// Header lines further down than this are not looked for.
const MAX_PREAMBLE: usize = 30;

/// A guessed mapping, how sure the guesser is (0 to 1), and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsvGuess {
    /// The mapping, in the form `csv_mapping` takes: send it back to confirm it.
    pub mapping: CsvMapping,
    /// 1 when every column was recognised by its header and every value read one way only;
    /// each doubt takes some off. At `CONFIDENT` (0.8) or more an import uses the guess.
    pub confidence: f64,
    /// What each column was taken for and why, then the doubts.
    pub reasons: Vec<String>,
}

impl CsvGuess {
    pub fn is_confident(&self) -> bool {
        self.confidence >= CONFIDENT
    }

    /// Why an import without options does not use this guess, when it is unsure: the doubts
    /// and the mapping, for the user to check and send back as `csv_mapping`.
    pub fn refusal(&self) -> Option<ParseError> {
        if self.is_confident() {
            return None;
        }
        let doubts: Vec<&str> = self
            .reasons
            .iter()
            .filter_map(|r| r.strip_prefix("unsure: "))
            .collect();
        // Long header names make a long mapping: then the preview shows it.
        let json = serde_json::to_string(&self.mapping).unwrap_or_default();
        let mapping = if json.chars().count() > 600 {
            "it is csv_guess in the preview".to_string()
        } else {
            json
        };
        Some(ParseError::new(
            1,
            Some("csv_mapping"),
            format!(
                "this CSV matches no known bank export, and the guessed mapping is not sure enough to use unasked (confidence {:.2}: {}); check it and send it back as csv_mapping to confirm it: {mapping}",
                self.confidence,
                clipped(&doubts.join("; "), 300)
            ),
        ))
    }
}

/// What a header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Date,
    ValueDate,
    Payee,
    Memo,
    Amount,
    Debit,
    Credit,
    Currency,
    /// `Valuta`: a value date in German, a currency in Italian and Dutch; the values decide.
    ValutaWord,
}

const WORDS: &[(Role, &[&str])] = &[
    (
        Role::Date,
        &[
            "date",
            "booking date",
            "posting date",
            "posted date",
            "post date",
            "transaction date",
            "buchungstag",
            "buchungsdatum",
            "datum",
            "date operation",
            "date d'operation",
            "date de l'operation",
            "date comptable",
            "date de comptabilisation",
            "fecha",
            "fecha operacion",
            "fecha de operacion",
            "fecha contable",
            "data",
            "data operazione",
            "data contabile",
            "data registrazione",
            "boekdatum",
            "boekingsdatum",
            "transactiedatum",
        ],
    ),
    (
        Role::ValueDate,
        &[
            "value date",
            "valutadatum",
            "wertstellung",
            "wertstellungsdatum",
            "date de valeur",
            "date valeur",
            "fecha valor",
            "data valuta",
            "rentedatum",
        ],
    ),
    (Role::ValutaWord, &["valuta"]),
    (
        Role::Payee,
        &[
            "payee",
            "name",
            "counterparty",
            "counter party",
            "beneficiary",
            "merchant",
            "recipient",
            "partner name",
            "auftraggeber/empfanger",
            "empfanger/auftraggeber",
            "auftraggeber/begunstigter",
            "begunstigter/auftraggeber",
            "begunstigter/zahlungspflichtiger",
            "beguenstigter/zahlungspflichtiger",
            "zahlungsempfanger",
            "empfanger",
            "auftraggeber",
            "name des partners",
            "beneficiaire",
            "tiers",
            "destinataire",
            "beneficiario",
            "ordenante",
            "beneficiario/ordenante",
            "controparte",
            "beneficiario/ordinante",
            "ordinante/beneficiario",
            "naam",
            "naam/omschrijving",
            "tegenpartij",
            "naam tegenpartij",
            "begunstigde",
        ],
    ),
    (
        Role::Memo,
        &[
            "memo",
            "description",
            "details",
            "reference",
            "purpose",
            "narrative",
            "payment reference",
            "transaction details",
            "verwendungszweck",
            "buchungstext",
            "vorgang/verwendungszweck",
            "libelle",
            "libelle operation",
            "motif",
            "communication",
            "concepto",
            "descripcion",
            "causale",
            "descrizione",
            "descrizione operazione",
            "omschrijving",
            "mededelingen",
        ],
    ),
    (
        Role::Amount,
        &[
            "amount",
            "transaction amount",
            "betrag",
            "umsatz",
            "montant",
            "importe",
            "importo",
            "bedrag",
        ],
    ),
    (
        Role::Debit,
        &[
            "debit",
            "debits",
            "debit amount",
            "withdrawal",
            "withdrawals",
            "money out",
            "paid out",
            "soll",
            "ausgang",
            "belastung",
            "montant debit",
            "cargo",
            "cargos",
            "debe",
            "adeudo",
            "addebiti",
            "addebito",
            "dare",
            "uscite",
            "af",
            "debet",
            "afschrijving",
        ],
    ),
    (
        Role::Credit,
        &[
            "credit",
            "credits",
            "credit amount",
            "deposit",
            "deposits",
            "money in",
            "paid in",
            "haben",
            "eingang",
            "gutschrift",
            "montant credit",
            "abono",
            "abonos",
            "haber",
            "ingreso",
            "accrediti",
            "accredito",
            "avere",
            "entrate",
            "bij",
            "bijschrijving",
        ],
    ),
    (
        Role::Currency,
        &[
            "currency", "wahrung", "waehrung", "devise", "monnaie", "moneda", "divisa",
        ],
    ),
];

/// Word stems recognised inside a longer header ("Betrag in EUR", "Datum der Buchung"),
/// less surely than a whole header.
const STEMS: &[(Role, &[&str])] = &[
    (Role::ValueDate, &["valuta", "wertstellung", "value"]),
    (Role::Date, &["datum", "date", "fecha", "data"]),
    (
        Role::Amount,
        &[
            "betrag", "amount", "montant", "importe", "importo", "bedrag",
        ],
    ),
    (
        Role::Memo,
        &["verwendungszweck", "description", "omschrijving"],
    ),
];

/// Lower case, accents and umlauts folded, units in brackets and spaces around `/` dropped:
/// `Auftraggeber / Empfänger` → `auftraggeber/empfanger`, `Betrag (EUR)` → `betrag`.
fn normalize(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0u32;
    for c in header.trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ => {
                for l in c.to_lowercase() {
                    let folded = match l {
                        'ä' | 'à' | 'á' | 'â' => "a",
                        'ö' | 'ó' | 'ò' | 'ô' => "o",
                        'ü' | 'ú' | 'ù' | 'û' => "u",
                        'é' | 'è' | 'ê' | 'ë' => "e",
                        'í' | 'ì' | 'î' | 'ï' => "i",
                        'ç' => "c",
                        'ñ' => "n",
                        'ß' => "ss",
                        '_' | '-' | '.' | ':' => " ",
                        _ => {
                            out.push(l);
                            continue;
                        }
                    };
                    out.push_str(folded);
                }
            }
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let mut joined = words.join(" ");
    joined = joined
        .replace(" / ", "/")
        .replace("/ ", "/")
        .replace(" /", "/");
    // "Betrag in EUR", "Amount EUR": the unit is not part of the name.
    for suffix in [" in eur", " eur", " in usd", " usd", " gbp", " chf", " €"] {
        if let Some(stripped) = joined.strip_suffix(suffix) {
            joined = stripped.to_string();
        }
    }
    joined
}

/// The role a header names, and whether it was a whole-word match (sure) or a stem (less).
fn role_of(header: &str) -> Option<(Role, bool)> {
    let n = normalize(header);
    if n.is_empty() {
        return None;
    }
    // Exports written without umlauts spell them out: `Empfaenger`, `Beguenstigter`.
    let spelled_out = n.replace("ae", "a").replace("oe", "o").replace("ue", "u");
    for (role, words) in WORDS {
        if words.contains(&n.as_str()) || words.contains(&spelled_out.as_str()) {
            return Some((*role, true));
        }
    }
    for (role, stems) in STEMS {
        if stems.iter().any(|s| n.contains(s)) {
            return Some((*role, false));
        }
    }
    None
}

const DATE_FORMATS: &[&str] = &[
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%Y/%m/%d",
    "%Y%m%d",
    "%d %b %Y",
    "%d-%b-%Y",
    "%b %d, %Y",
];

/// Hundredths as a share from 0 to 1.
#[allow(clippy::float_arithmetic)] // a confidence score, not money
fn share(points: i32) -> f64 {
    f64::from(points.clamp(0, 100)) / 100.0
}

fn day_first(format: &str) -> bool {
    format.starts_with("%d")
}

/// The date formats every non-empty value of a column reads with (at least one value).
fn date_formats(values: &[&str]) -> Vec<&'static str> {
    let filled: Vec<&str> = values.iter().copied().filter(|v| !v.is_empty()).collect();
    if filled.is_empty() {
        return Vec::new();
    }
    DATE_FORMATS
        .iter()
        .copied()
        .filter(|f| filled.iter().all(|v| parse_csv_date(v, f).is_ok()))
        .collect()
}

fn is_currency_code(v: &str) -> bool {
    v.len() == 3 && v.bytes().all(|b| b.is_ascii_alphabetic())
}

/// One column's header and its sampled values.
struct Col<'a> {
    index: usize,
    header: &'a str,
    role: Option<(Role, bool)>,
    values: Vec<&'a str>,
}

/// The guess for `bytes`, or `None` when no header line names a date and an amount.
pub fn guess(bytes: &[u8]) -> Option<CsvGuess> {
    let (text, encoding) = decode(bytes, Some(Encoding::Windows1252)).ok()?;
    // The header: the line, within the first few, naming the most roles, with a date and an
    // amount among them; the delimiter is the one that splits it so.
    let mut best: Option<(usize, u8, usize, Vec<String>)> = None;
    for delimiter in [b';', b',', b'\t', b'|'] {
        for (at, fields) in top_lines(&text, delimiter)
            .into_iter()
            .take(MAX_PREAMBLE + 1)
            .enumerate()
        {
            if fields.len() < 2 {
                continue;
            }
            let roles: Vec<Role> = fields
                .iter()
                .filter_map(|f| role_of(f).map(|r| r.0))
                .collect();
            let has_date = roles
                .iter()
                .any(|r| matches!(r, Role::Date | Role::ValueDate | Role::ValutaWord));
            let has_amount = roles.contains(&Role::Amount)
                || (roles.contains(&Role::Debit) && roles.contains(&Role::Credit));
            if !has_date || !has_amount {
                continue;
            }
            let score = roles.len();
            if best.as_ref().is_none_or(|(s, ..)| score > *s) {
                best = Some((score, delimiter, at, fields));
            }
        }
    }
    let (_, delimiter, skip_lines, _) = best?;

    // The header and the sample rows, as the parser will see them (quotes, trimming).
    let body = text
        .split_inclusive('\n')
        .skip(skip_lines)
        .collect::<String>();
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut records = Vec::new();
    let mut record = StringRecord::new();
    while records.len() <= SAMPLE_ROWS {
        match reader.read_record(&mut record) {
            Ok(true) => {
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                records.push(record.clone());
            }
            Ok(false) => break,
            Err(_) => return None,
        }
    }
    let (header, rows) = records.split_first()?;
    let headers: Vec<&str> = header.iter().map(str::trim).collect();
    let columns: Vec<Col<'_>> = headers
        .iter()
        .enumerate()
        .map(|(index, h)| Col {
            index,
            header: h,
            role: role_of(h),
            values: rows
                .iter()
                .map(|r| r.get(index).unwrap_or_default().trim())
                .collect(),
        })
        .collect();
    Guesser {
        columns: &columns,
        reasons: Vec::new(),
        doubts: Vec::new(),
        points: 100,
    }
    .finish(&text, delimiter, skip_lines, encoding, rows.len())
}

struct Guesser<'c, 'a> {
    columns: &'c [Col<'a>],
    reasons: Vec<String>,
    doubts: Vec<String>,
    /// Hundredths: 100 is sure; each doubt takes its cost off.
    points: i32,
}

impl<'c, 'a> Guesser<'c, 'a> {
    /// `cost` in hundredths of confidence.
    fn doubt(&mut self, cost: i32, why: String) {
        self.points -= cost;
        self.doubts.push(why);
    }

    fn with(&self, role: Role) -> impl Iterator<Item = &'c Col<'a>> + use<'c, 'a> {
        let columns: &'c [Col<'a>] = self.columns;
        columns
            .iter()
            .filter(move |c| c.role.map(|r| r.0) == Some(role))
    }

    fn name(col: &Col<'_>) -> Column {
        Column::Name(col.header.to_string())
    }

    fn finish(
        mut self,
        text: &str,
        delimiter: u8,
        skip_lines: usize,
        encoding: Encoding,
        rows: usize,
    ) -> Option<CsvGuess> {
        let delimiter_name = match delimiter {
            b';' => "semicolons",
            b',' => "commas",
            b'\t' => "tabs",
            _ => "bars",
        };
        self.reasons.push(format!(
            "the header is line {}, its columns separated by {delimiter_name}",
            skip_lines + 1
        ));
        if rows == 0 {
            self.doubt(
                50,
                "the file has no rows below its header to check the guess on".into(),
            );
        }

        // Amounts first: the decimal mark also hints at the date order.
        let (amount, amount_cells, amount_reason) = self.amount()?;
        let mark = self.decimal_mark(&amount_cells, delimiter)?;

        let (date_col, date_format) = self.date(mark)?;
        self.reasons.push(format!(
            "date: {} ({}), every value reads as {date_format}",
            shown(date_col.header),
            if self.with(Role::Date).any(|c| c.index == date_col.index) {
                "a booking date"
            } else {
                "a value date: no booking date column was found"
            }
        ));
        self.reasons.push(amount_reason);

        let payee = self.with(Role::Payee).next();
        let memo = self.with(Role::Memo).next();
        let (payee, memo) = match (payee, memo) {
            (Some(p), m) => {
                self.reasons.push(format!("payee: {}", shown(p.header)));
                (Some(p), m)
            }
            (None, Some(m)) => {
                self.doubt(
                    10,
                    format!(
                        "no payee column: the description {} is the payee",
                        shown(m.header)
                    ),
                );
                (Some(m), None)
            }
            (None, None) => {
                self.doubt(20, "no payee or description column was found".into());
                (None, None)
            }
        };
        if let Some(m) = memo {
            self.reasons
                .push(format!("description: {}", shown(m.header)));
        }
        let currency = self
            .columns
            .iter()
            .filter(|c| matches!(c.role.map(|r| r.0), Some(Role::Currency | Role::ValutaWord)))
            .find(|c| {
                let filled: Vec<&&str> = c.values.iter().filter(|v| !v.is_empty()).collect();
                !filled.is_empty() && filled.iter().all(|v| is_currency_code(v))
            });
        if let Some(c) = currency {
            self.reasons.push(format!("currency: {}", shown(c.header)));
        }
        let mapping = CsvMapping {
            delimiter,
            has_header: true,
            skip_lines,
            encoding,
            date_column: Self::name(date_col),
            date_format: date_format.to_string(),
            amount,
            decimal_mark: mark,
            payee_column: payee.map(Self::name),
            description_column: memo.map(Self::name),
            id_column: None,
            currency_column: currency.map(Self::name),
            payer_column: None,
            fee_column: None,
            status: None,
            skip_rows_without_amount: false,
        };
        // The sample must read with the mapping, or it is no guess worth showing as sure.
        if let Err(e) = parse_text(text, &mapping, SAMPLE_ROWS) {
            self.doubt(60, format!("the rows do not read with this mapping: {e}"));
        }
        let mut reasons = self.reasons;
        reasons.extend(self.doubts.into_iter().map(|d| format!("unsure: {d}")));
        Some(CsvGuess {
            mapping,
            confidence: share(self.points),
            reasons,
        })
    }

    /// The amount columns, the cells (column, value) that hold amounts, and the reason.
    #[allow(clippy::type_complexity)]
    fn amount(&mut self) -> Option<(AmountColumns, Vec<(usize, &'a str)>, String)> {
        let cells = |c: &Col<'a>| -> Vec<(usize, &'a str)> {
            c.values
                .iter()
                .filter(|v| !v.is_empty())
                .map(|v| (c.index, *v))
                .collect()
        };
        let single = self.with(Role::Amount).next();
        let debit = self.with(Role::Debit).next();
        let credit = self.with(Role::Credit).next();
        match (single, debit, credit) {
            (Some(a), _, _) => {
                if a.role.is_some_and(|r| !r.1) {
                    self.doubt(
                        10,
                        format!(
                            "the amount column {} was recognised by part of its name",
                            shown(a.header)
                        ),
                    );
                }
                let cells = cells(a);
                let reason = format!("amount: {}, one signed column", shown(a.header));
                Some((
                    AmountColumns::Single {
                        column: Self::name(a),
                        sign: SignConvention::Normal,
                    },
                    cells,
                    reason,
                ))
            }
            (None, Some(d), Some(c)) => {
                let mut all = cells(d);
                all.extend(cells(c));
                let reason = format!(
                    "amount: money out in {}, money in in {}",
                    shown(d.header),
                    shown(c.header)
                );
                Some((
                    AmountColumns::DebitCredit {
                        debit: Self::name(d),
                        credit: Self::name(c),
                    },
                    all,
                    reason,
                ))
            }
            _ => None,
        }
    }

    /// The decimal mark every amount reads with; when both do and the values differ between
    /// them (`1.234`), the delimiter decides and the guess is less sure.
    fn decimal_mark(&mut self, cells: &[(usize, &str)], delimiter: u8) -> Option<DecimalMark> {
        let read = |mark| -> Option<Vec<Decimal>> {
            cells
                .iter()
                .map(|(_, v)| parse_amount(v, mark).ok())
                .collect()
        };
        let (point, comma) = (read(DecimalMark::Point), read(DecimalMark::Comma));
        let by_delimiter = if delimiter == b';' {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        };
        let mark = match (&point, &comma) {
            (Some(_), None) => DecimalMark::Point,
            (None, Some(_)) => DecimalMark::Comma,
            (Some(p), Some(c)) if p == c => by_delimiter,
            (Some(_), Some(_)) => {
                self.doubt(25,
                    format!(
                        "the amounts read with a decimal point and with a decimal comma alike; {} was taken from the delimiter",
                        if by_delimiter == DecimalMark::Comma { "comma" } else { "point" }
                    ),
                );
                by_delimiter
            }
            (None, None) => return None,
        };
        let values = if mark == DecimalMark::Point {
            point
        } else {
            comma
        }
        .unwrap_or_default();
        let single = cells
            .iter()
            .all(|(i, _)| *i == cells.first().map_or(0, |c| c.0));
        if single && !values.is_empty() && values.iter().all(|v| *v >= Decimal::ZERO) {
            self.doubt(
                30,
                "every amount is positive: is money out written without a minus in this export?"
                    .into(),
            );
        }
        self.reasons.push(format!(
            "amounts are written with a decimal {}",
            if mark == DecimalMark::Comma {
                "comma"
            } else {
                "point"
            }
        ));
        Some(mark)
    }

    /// The booking date column (a value date when there is none) and its format.
    fn date(&mut self, mark: DecimalMark) -> Option<(&'c Col<'a>, &'static str)> {
        let columns = self.columns;
        let candidates = columns
            .iter()
            .filter(|c| c.role.map(|r| r.0) == Some(Role::Date))
            .chain(columns.iter().filter(|c| {
                matches!(
                    c.role.map(|r| r.0),
                    Some(Role::ValueDate | Role::ValutaWord)
                )
            }));
        for col in candidates {
            let formats = date_formats(&col.values);
            let Some(&first) = formats.first() else {
                continue;
            };
            if col.role.is_some_and(|r| !r.1) {
                self.doubt(
                    10,
                    format!(
                        "the date column {} was recognised by part of its name",
                        shown(col.header)
                    ),
                );
            }
            let day_ambiguous = formats.iter().any(|f| day_first(f))
                && formats.iter().any(|f| !day_first(f) && f.starts_with("%m"));
            let format = if day_ambiguous {
                // European exports (decimal comma) put the day first, American ones the month.
                let want_day_first = mark == DecimalMark::Comma || !formats.contains(&"%m/%d/%Y");
                let chosen = formats
                    .iter()
                    .copied()
                    .find(|f| day_first(f) == want_day_first)
                    .unwrap_or(first);
                self.doubt(25,
                    format!(
                        "no day in the dates is above 12, so day and month could be either way; {} first was assumed",
                        if day_first(chosen) { "day" } else { "month" }
                    ),
                );
                chosen
            } else {
                first
            };
            return Some((col, format));
        }
        None
    }
}
