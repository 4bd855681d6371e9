//! CSV with a mapping chosen by the input's first three bytes, the rest being the file:
//!
//! - byte 0, the mapping: 0 one signed column by name (`Date`, `Amount`, ...), 1 the same
//!   with `;` and decimal comma, 2 debit/credit columns by name, 3 debit/credit by index
//!   without a header, 4 an amount and a sign column (ING's `Af`/`Bij`), 5 a built-in preset
//!   (byte 2 picks which), 6 the preset the sniffer picks (or the guessed mapping), 7 a JSON mapping as the API takes
//!   it: the file up to the first NUL is the mapping, the rest the CSV.
//! - byte 1, switches for mappings 0-4: Windows-1252, skip rows without amount, a status
//!   column, a fee column, inverted sign, skip 0-3 preamble lines (2 bits), flip the
//!   decimal mark.
//! - byte 2, for mappings 0-4: the delimiter (low 3 bits, including a refused `"`) and the
//!   date format (high bits; the last choice takes the format from the file's first line,
//!   since users type the format in).
#![no_main]

use kakeibo_statements::csv::{
    self, AmountColumns, Column, CsvMapping, SignConvention, StatusColumn,
};
use kakeibo_statements::text::{DecimalMark, Encoding};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const DELIMITERS: [u8; 8] = [b',', b';', b'\t', b'|', b',', b';', b'"', b' '];
const DATE_FORMATS: [&str; 7] = [
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%m/%d/%Y",
    "%d/%m/%y",
    "%Y-%m-%d %H:%M:%S",
    "%d %b %Y",
    "%e.%m.%y",
];

fn name(n: &str) -> Column {
    Column::Name(n.to_string())
}

fn base(amount: AmountColumns, decimal_mark: DecimalMark, delimiter: u8) -> CsvMapping {
    CsvMapping {
        delimiter,
        has_header: true,
        skip_lines: 0,
        encoding: Encoding::Utf8,
        date_column: name("Date"),
        date_format: DATE_FORMATS[0].to_string(),
        amount,
        decimal_mark,
        payee_column: Some(name("Payee")),
        description_column: Some(name("Description")),
        id_column: Some(name("Id")),
        currency_column: Some(name("Currency")),
        payer_column: None,
        fee_column: None,
        status: None,
        skip_rows_without_amount: false,
    }
}

/// Mappings 0-4, and the file bytes they apply to (mapping 4 may take the date format).
fn built(variant: u8, flags: u8, knobs: u8, file: &[u8]) -> (CsvMapping, &[u8]) {
    let delimiter = DELIMITERS[usize::from(knobs & 7)];
    let mut m = match variant {
        0 => base(
            AmountColumns::Single {
                column: name("Amount"),
                sign: SignConvention::Normal,
            },
            DecimalMark::Point,
            delimiter,
        ),
        1 => {
            let mut m = base(
                AmountColumns::Single {
                    column: name("Betrag"),
                    sign: SignConvention::Normal,
                },
                DecimalMark::Comma,
                delimiter,
            );
            m.date_column = name("Buchungstag");
            m.payer_column = Some(name("Auftraggeber"));
            m
        }
        2 => base(
            AmountColumns::DebitCredit {
                debit: name("Debit"),
                credit: name("Credit"),
            },
            DecimalMark::Point,
            delimiter,
        ),
        3 => CsvMapping {
            has_header: false,
            date_column: Column::Index(0),
            payee_column: Some(Column::Index(1)),
            description_column: None,
            id_column: None,
            currency_column: None,
            ..base(
                AmountColumns::DebitCredit {
                    debit: Column::Index(2),
                    credit: Column::Index(3),
                },
                DecimalMark::Comma,
                delimiter,
            )
        },
        _ => base(
            AmountColumns::SignColumn {
                amount: name("Amount"),
                sign_column: name("Af Bij"),
                negative_values: vec!["Af".into(), "debit".into()],
            },
            DecimalMark::Comma,
            delimiter,
        ),
    };
    if flags & 1 != 0 {
        m.encoding = Encoding::Windows1252;
    }
    m.skip_rows_without_amount = flags & 2 != 0;
    if flags & 4 != 0 {
        m.status = Some(StatusColumn {
            column: if m.has_header {
                name("Status")
            } else {
                Column::Index(4)
            },
            pending_values: vec!["pending".into()],
            skip_values: vec!["declined".into(), "REVERTED".into()],
        });
    }
    if flags & 8 != 0 {
        m.fee_column = Some(if m.has_header {
            name("Fee")
        } else {
            Column::Index(5)
        });
    }
    if flags & 16 != 0
        && let AmountColumns::Single { sign, .. } = &mut m.amount
    {
        *sign = SignConvention::Inverted;
    }
    m.skip_lines = usize::from((flags >> 5) & 3);
    if flags & 128 != 0 {
        m.decimal_mark = match m.decimal_mark {
            DecimalMark::Point => DecimalMark::Comma,
            DecimalMark::Comma => DecimalMark::Point,
        };
    }
    let mut file = file;
    match DATE_FORMATS.get(usize::from(knobs >> 3) % (DATE_FORMATS.len() + 1)) {
        Some(format) => m.date_format = (*format).to_string(),
        None => {
            let end = file.iter().position(|b| *b == b'\n').unwrap_or(file.len());
            m.date_format = String::from_utf8_lossy(&file[..end]).into_owned();
            file = file.get(end + 1..).unwrap_or_default();
        }
    }
    (m, file)
}

fuzz_target!(|data: &[u8]| {
    let Some((&[variant, flags, knobs], file)) = data.split_first_chunk::<3>() else {
        return;
    };
    let (mapping, file) = match variant % 8 {
        5 => {
            let presets = csv::presets();
            let preset = &presets[usize::from(knobs) % presets.len()];
            (preset.mapping.clone(), file)
        }
        // What an upload with no options reads with: a preset, else the guessed mapping.
        6 => match csv::sniff(file) {
            Some((_, mapping)) => (mapping, file),
            None => match csv::guess(file) {
                Some(guess) => {
                    assert!((0.0..=1.0).contains(&guess.confidence));
                    (guess.mapping, file)
                }
                None => return,
            },
        },
        7 => {
            let end = file.iter().position(|b| *b == 0).unwrap_or(file.len());
            let Ok(mapping) = serde_json::from_slice::<CsvMapping>(&file[..end]) else {
                return;
            };
            (mapping, file.get(end + 1..).unwrap_or_default())
        }
        v => built(v, flags, knobs, file),
    };
    common::check(file, csv::parse(file, &mapping).as_ref());
});
