//! Mappings for the exports of common banks, and the sniffer that picks one by header.

use std::sync::LazyLock;

use ::csv::{ReaderBuilder, StringRecord};
use serde::Serialize;

use super::{AmountColumns, Column, CsvMapping, SignConvention, StatusColumn, parse_text};
use crate::text::{DecimalMark, Encoding, decode};

/// A named mapping the import screen offers.
#[derive(Debug, Clone, Serialize)]
pub struct Preset {
    pub id: &'static str,
    pub name: &'static str,
    pub mapping: CsvMapping,
}

static PRESETS: LazyLock<Vec<Preset>> = LazyLock::new(|| {
    let p = |id, name, mapping: fn() -> CsvMapping| Preset {
        id,
        name,
        mapping: mapping(),
    };
    vec![
        p("generic", "Generic (Date, Description, Amount)", generic),
        p("chase", "Chase (checking)", chase),
        p("chase_card", "Chase (credit card)", chase_card),
        p(
            "bank_of_america",
            "Bank of America (checking)",
            bank_of_america,
        ),
        p(
            "bank_of_america_card",
            "Bank of America (credit card)",
            bank_of_america_card,
        ),
        p("amex", "American Express", amex),
        p("capital_one", "Capital One (credit card)", capital_one),
        p("revolut", "Revolut", revolut),
        p("n26", "N26 (until 2023)", n26),
        p("n26_2023", "N26 (2023 and later)", n26_2023),
        p("dkb", "DKB (until 2023)", dkb),
        p("dkb_2023", "DKB (2023 and later)", dkb_2023),
        p("sparkasse", "Sparkasse (CSV-CAMT / CSV-MT940)", sparkasse),
        p("ing_nl", "ING Netherlands", ing_nl),
        p("monzo", "Monzo", monzo),
        p("starling", "Starling", starling),
    ]
});

pub fn presets() -> &'static [Preset] {
    &PRESETS
}

pub fn preset(id: &str) -> Option<CsvMapping> {
    presets()
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.mapping.clone())
}

/// Header lines further down than this are not looked for.
const MAX_PREAMBLE: usize = 30;
/// Rows the sniffer reads to see whether a preset's dates and amounts fit.
const SAMPLE_ROWS: usize = 20;

/// The preset whose column names all appear in a header line near the top (its `skip_lines`
/// set to where that header is). When several match, one whose sample rows parse wins, then
/// the one naming more columns (the more specific); ties go to the earlier preset.
pub fn sniff(bytes: &[u8]) -> Option<(&'static str, CsvMapping)> {
    let (text, encoding) = decode(bytes, Some(Encoding::Windows1252)).ok()?;
    // The top lines split into lowercased fields, once per delimiter.
    let mut tops: Vec<(u8, Vec<Vec<String>>)> = Vec::new();
    let mut best: Option<((bool, usize), &Preset, CsvMapping)> = None;
    for preset in presets() {
        // Text that is not UTF-8 is no export of a bank that writes UTF-8.
        if encoding == Encoding::Windows1252 && preset.mapping.encoding == Encoding::Utf8 {
            continue;
        }
        let delimiter = preset.mapping.delimiter;
        let top = match tops.iter().position(|(d, _)| *d == delimiter) {
            Some(i) => &tops[i].1,
            None => {
                tops.push((delimiter, top_lines(&text, delimiter)));
                &tops[tops.len() - 1].1
            }
        };
        let mut names = column_names(&preset.mapping);
        names.extend(signature(preset.id).iter().map(|n| n.to_lowercase()));
        let Some(header_at) = top
            .iter()
            .position(|fields| names.iter().all(|n| fields.contains(n)))
        else {
            continue;
        };
        let mut mapping = preset.mapping.clone();
        mapping.skip_lines = header_at;
        let score = (
            parse_text(&text, &mapping, SAMPLE_ROWS).is_ok(),
            names.len(),
        );
        if best.as_ref().is_none_or(|(s, ..)| score > *s) {
            best = Some((score, preset, mapping));
        }
    }
    best.map(|(_, preset, mapping)| (preset.id, mapping))
}

/// Header names besides the mapped columns that tell an export from a lookalike: Bank of
/// America's columns are Amex's plus a running balance.
fn signature(id: &str) -> &'static [&'static str] {
    match id {
        "bank_of_america" => &["Running Bal."],
        _ => &[],
    }
}

/// The first lines, each split on `delimiter` into trimmed, lowercased fields (a line each:
/// headers do not span lines).
pub(super) fn top_lines(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let mut record = StringRecord::new();
    text.split('\n')
        .take(MAX_PREAMBLE + 1)
        .map(|line| {
            let mut reader = ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .buffer_capacity(line.len() + 1)
                .from_reader(line.as_bytes());
            match reader.read_record(&mut record) {
                Ok(true) => record.iter().map(|f| f.trim().to_lowercase()).collect(),
                _ => Vec::new(),
            }
        })
        .collect()
}

/// Distinct column names a mapping refers to, lowercased.
fn column_names(m: &CsvMapping) -> Vec<String> {
    let mut columns = vec![Some(&m.date_column)];
    match &m.amount {
        AmountColumns::Single { column, .. } => columns.push(Some(column)),
        AmountColumns::DebitCredit { debit, credit } => columns.extend([Some(debit), Some(credit)]),
        AmountColumns::SignColumn {
            amount,
            sign_column,
            ..
        } => columns.extend([Some(amount), Some(sign_column)]),
    }
    columns.extend([
        m.payee_column.as_ref(),
        m.description_column.as_ref(),
        m.id_column.as_ref(),
        m.currency_column.as_ref(),
        m.payer_column.as_ref(),
        m.fee_column.as_ref(),
        m.status.as_ref().map(|s| &s.column),
    ]);
    let mut names: Vec<String> = columns
        .into_iter()
        .flatten()
        .filter_map(|c| match c {
            Column::Name(n) => Some(n.trim().to_lowercase()),
            Column::Index(_) => None,
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

fn named(name: &str) -> Column {
    Column::Name(name.to_string())
}

fn signed(column: &str) -> AmountColumns {
    AmountColumns::Single {
        column: named(column),
        sign: SignConvention::Normal,
    }
}

/// Comma-separated, point decimals, UTF-8, a header on the first line.
fn english(date: &str, date_format: &str, amount: AmountColumns, payee: &str) -> CsvMapping {
    CsvMapping {
        delimiter: b',',
        has_header: true,
        skip_lines: 0,
        encoding: Encoding::Utf8,
        date_column: named(date),
        date_format: date_format.to_string(),
        amount,
        decimal_mark: DecimalMark::Point,
        payee_column: Some(named(payee)),
        description_column: None,
        id_column: None,
        currency_column: None,
        payer_column: None,
        fee_column: None,
        status: None,
        skip_rows_without_amount: false,
    }
}

/// Semicolon-separated, decimal commas; Windows-1252 for older exports (UTF-8 files read too).
fn german(date: &str, date_format: &str, amount: &str, payee: &str) -> CsvMapping {
    CsvMapping {
        delimiter: b';',
        encoding: Encoding::Windows1252,
        decimal_mark: DecimalMark::Comma,
        description_column: Some(named("Verwendungszweck")),
        ..english(date, date_format, signed(amount), payee)
    }
}

fn generic() -> CsvMapping {
    english("Date", "%Y-%m-%d", signed("Amount"), "Description")
}

/// `Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #`; data rows end with
/// an extra comma the header lacks.
fn chase() -> CsvMapping {
    english("Posting Date", "%m/%d/%Y", signed("Amount"), "Description")
}

/// `Transaction Date,Post Date,Description,Category,Type,Amount,Memo`; purchases negative.
fn chase_card() -> CsvMapping {
    CsvMapping {
        description_column: Some(named("Memo")),
        ..english(
            "Transaction Date",
            "%m/%d/%Y",
            signed("Amount"),
            "Description",
        )
    }
}

/// A summary block (five lines and a blank one) above `Date,Description,Amount,Running Bal.`,
/// and a first row "Beginning balance as of …" with no amount.
fn bank_of_america() -> CsvMapping {
    CsvMapping {
        skip_lines: 6,
        skip_rows_without_amount: true,
        ..english("Date", "%m/%d/%Y", signed("Amount"), "Description")
    }
}

/// `Posted Date,Reference Number,Payee,Address,Amount`; purchases negative.
fn bank_of_america_card() -> CsvMapping {
    CsvMapping {
        id_column: Some(named("Reference Number")),
        ..english("Posted Date", "%m/%d/%Y", signed("Amount"), "Payee")
    }
}

/// `Date,Description,Amount` (more columns with extended details); a charge is positive.
fn amex() -> CsvMapping {
    let amount = AmountColumns::Single {
        column: named("Amount"),
        sign: SignConvention::Inverted,
    };
    english("Date", "%m/%d/%Y", amount, "Description")
}

/// `Transaction Date,Posted Date,Card No.,Description,Category,Debit,Credit`.
fn capital_one() -> CsvMapping {
    let amount = AmountColumns::DebitCredit {
        debit: named("Debit"),
        credit: named("Credit"),
    };
    english("Transaction Date", "%Y-%m-%d", amount, "Description")
}

/// `Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance`.
/// Pending rows have no completed date, so the started one is used (its time is ignored).
fn revolut() -> CsvMapping {
    CsvMapping {
        currency_column: Some(named("Currency")),
        fee_column: Some(named("Fee")),
        status: Some(StatusColumn {
            column: named("State"),
            pending_values: vec!["PENDING".into()],
            skip_values: vec!["REVERTED".into(), "DECLINED".into(), "FAILED".into()],
        }),
        ..english("Started Date", "%Y-%m-%d", signed("Amount"), "Description")
    }
}

/// `"Date","Payee","Account number","Transaction type","Payment reference",["Category",]
/// "Amount (EUR)",…`.
fn n26() -> CsvMapping {
    CsvMapping {
        description_column: Some(named("Payment reference")),
        ..english("Date", "%Y-%m-%d", signed("Amount (EUR)"), "Payee")
    }
}

/// `"Booking Date","Value Date","Partner Name","Partner Iban",Type,"Payment Reference",
/// "Account Name","Amount (EUR)",…`.
fn n26_2023() -> CsvMapping {
    CsvMapping {
        description_column: Some(named("Payment Reference")),
        ..english(
            "Booking Date",
            "%Y-%m-%d",
            signed("Amount (EUR)"),
            "Partner Name",
        )
    }
}

/// Six lines of account data above `"Buchungstag";"Wertstellung";"Buchungstext";
/// "Auftraggeber / Begünstigter";"Verwendungszweck";…;"Betrag (EUR)";…`.
fn dkb() -> CsvMapping {
    CsvMapping {
        skip_lines: 6,
        ..german(
            "Buchungstag",
            "%d.%m.%Y",
            "Betrag (EUR)",
            "Auftraggeber / Begünstigter",
        )
    }
}

/// Four lines of account data above `"Buchungsdatum";"Wertstellung";"Status";
/// "Zahlungspflichtige*r";"Zahlungsempfänger*in";"Verwendungszweck";"Umsatztyp";"IBAN";
/// "Betrag (€)";…`, two-digit years.
fn dkb_2023() -> CsvMapping {
    CsvMapping {
        skip_lines: 4,
        payer_column: Some(named("Zahlungspflichtige*r")),
        status: Some(StatusColumn {
            column: named("Status"),
            pending_values: vec!["Vorgemerkt".into()],
            skip_values: vec![],
        }),
        ..german(
            "Buchungsdatum",
            "%d.%m.%y",
            "Betrag (€)",
            "Zahlungsempfänger*in",
        )
    }
}

/// `"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";…;
/// "Beguenstigter/Zahlungspflichtiger";…;"Betrag";"Waehrung";"Info"`, two-digit years.
fn sparkasse() -> CsvMapping {
    CsvMapping {
        currency_column: Some(named("Waehrung")),
        status: Some(StatusColumn {
            column: named("Info"),
            pending_values: vec!["Umsatz vorgemerkt".into()],
            skip_values: vec![],
        }),
        ..german(
            "Buchungstag",
            "%d.%m.%y",
            "Betrag",
            "Beguenstigter/Zahlungspflichtiger",
        )
    }
}

/// `"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";
/// "Mutatiesoort";"Mededelingen";…`: unsigned amounts, `Af` is money out.
fn ing_nl() -> CsvMapping {
    let amount = AmountColumns::SignColumn {
        amount: named("Bedrag (EUR)"),
        sign_column: named("Af Bij"),
        negative_values: vec!["Af".into()],
    };
    CsvMapping {
        delimiter: b';',
        decimal_mark: DecimalMark::Comma,
        encoding: Encoding::Windows1252,
        description_column: Some(named("Mededelingen")),
        ..english("Datum", "%Y%m%d", amount, "Naam / Omschrijving")
    }
}

/// `Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,…,Description,…`.
fn monzo() -> CsvMapping {
    CsvMapping {
        description_column: Some(named("Description")),
        id_column: Some(named("Transaction ID")),
        currency_column: Some(named("Currency")),
        ..english("Date", "%d/%m/%Y", signed("Amount"), "Name")
    }
}

/// `Date,Counter Party,Reference,Type,Amount (GBP),Balance (GBP),Spending Category,Notes`.
fn starling() -> CsvMapping {
    CsvMapping {
        description_column: Some(named("Reference")),
        ..english("Date", "%d/%m/%Y", signed("Amount (GBP)"), "Counter Party")
    }
}
