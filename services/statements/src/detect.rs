//! One entry point for every file: recognise the format (unless the caller names it), then
//! hand the bytes to its parser.

use serde::Deserialize;

use super::csv::{CsvGuess, CsvMapping};
use super::qif::QifDateFormat;
use crate::statement::{Format, ParseError, Statement};

/// How to read a file; everything optional but what CSV needs without a preset match.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParseOptions {
    pub format: Option<Format>,
    /// A preset id (`csv::presets()`), or…
    pub csv_preset: Option<String>,
    /// …a full column mapping.
    pub csv_mapping: Option<CsvMapping>,
    /// QIF dates are ambiguous (01/02): `day_first` for European exports.
    #[serde(default)]
    pub qif_day_first: bool,
}

/// What was read, and how: the preview shows both.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub statement: Statement,
    /// The file's further statements, one per account, when it holds several (OFX files with
    /// several `STMTTRNRS`); empty for most files.
    pub more_statements: Vec<Statement>,
    pub format: Format,
    /// The CSV preset used, when one was.
    pub csv_preset: Option<String>,
    /// The guessed CSV mapping used, when neither options nor a preset gave one.
    pub csv_guess: Option<CsvGuess>,
}

impl Parsed {
    /// Every statement of the file.
    pub fn statements(&self) -> impl Iterator<Item = &Statement> {
        std::iter::once(&self.statement).chain(&self.more_statements)
    }

    /// An import uses a guessed CSV mapping only when the guess is sure; an unsure one is
    /// refused with the guess, for the user to check and send back as `csv_mapping`.
    pub fn refuse_unsure_guess(&self) -> Result<(), ParseError> {
        match self.csv_guess.as_ref().and_then(CsvGuess::refusal) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

pub fn detect_format(bytes: &[u8]) -> Format {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    // QIF and MT940 are told by how the file begins, before any text further on (a memo
    // that names `<OFX>` or `camt.053`) can mislead.
    if looks_like_qif(head) {
        Format::Qif
    } else if looks_like_mt940(head) {
        Format::Mt940
    } else if head.starts_with("OFXHEADER")
        || head.contains("<?OFX")
        || head.contains("<OFX>")
        || head
            .get(..5)
            .is_some_and(|h| h.eq_ignore_ascii_case("<ofx>"))
    {
        Format::Ofx
    } else if head.contains("BkToCstmrStmt") {
        Format::Camt053
    } else if head.contains("BkToCstmrAcctRpt") {
        Format::Camt052
    } else if head.contains("BkToCstmrDbtCdtNtfctn") {
        Format::Camt054
    } else if head.contains("camt.053") {
        Format::Camt053
    } else if head.contains("camt.052") {
        Format::Camt052
    } else if head.contains("camt.054") {
        Format::Camt054
    } else {
        Format::Csv
    }
}

/// The first line that is not blank or a `#` comment is a QIF header in any case
/// (`!Type:Bank`, `!type:ccard`, `!Account`, `!Option:AutoSwitch`, `!Clear:AutoSwitch`) or a
/// lone record end `^`.
fn looks_like_qif(head: &str) -> bool {
    let Some(first) = head
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return false;
    };
    if first == "^" {
        return true;
    }
    let Some(header) = first.strip_prefix('!') else {
        return false;
    };
    let header = header.trim_start().to_ascii_lowercase();
    ["type:", "account", "option:", "clear:"]
        .iter()
        .any(|h| header.starts_with(h))
}

/// SWIFT MT940: the block wrapper `{1:…}`, or tag lines with `:20:` first and a `:25:`,
/// `:60F:` or `:61:` after it.
fn looks_like_mt940(head: &str) -> bool {
    if head.starts_with("{1:") {
        return true;
    }
    let mut tags = head
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with(':'))
        .take(6);
    tags.next().is_some_and(|l| l.starts_with(":20:"))
        && tags.any(|l| {
            [":25:", ":60F:", ":60M:", ":61:"]
                .iter()
                .any(|t| l.starts_with(t))
        })
}

pub fn parse(bytes: &[u8], options: &ParseOptions) -> Result<Parsed, ParseError> {
    let format = options.format.unwrap_or_else(|| detect_format(bytes));
    let mut csv_preset = None;
    let mut csv_guess = None;
    let mut more_statements = Vec::new();
    let statement = match format {
        Format::Ofx => {
            let mut all = super::ofx::parse(bytes)?.into_iter();
            let first = all.next().unwrap_or_default();
            more_statements = all.collect();
            first
        }
        Format::Camt053 | Format::Camt052 | Format::Camt054 => super::camt::parse(bytes)?,
        Format::Mt940 => super::mt940::parse(bytes)?,
        Format::Qif => {
            let dates = if options.qif_day_first {
                QifDateFormat::DayFirst
            } else {
                QifDateFormat::MonthFirst
            };
            super::qif::parse(bytes, dates)?
        }
        Format::Csv => {
            let mapping = match (&options.csv_mapping, &options.csv_preset) {
                (Some(mapping), _) => mapping.clone(),
                (None, Some(id)) => {
                    csv_preset = Some(id.clone());
                    super::csv::preset(id).ok_or_else(|| {
                        ParseError::new(
                            1,
                            Some("csv_preset"),
                            format!("there is no CSV preset {id:?}"),
                        )
                    })?
                }
                (None, None) => match super::csv::sniff(bytes) {
                    Some((id, mapping)) => {
                        csv_preset = Some(id.to_string());
                        mapping
                    }
                    None => {
                        let guess = super::csv::guess(bytes).ok_or_else(|| {
                            ParseError::new(
                                1,
                                None,
                                "this CSV matches no known bank export, and no header line names a date and an amount column; choose a preset or map the columns",
                            )
                        })?;
                        let mapping = guess.mapping.clone();
                        csv_guess = Some(guess);
                        mapping
                    }
                },
            };
            super::csv::parse(bytes, &mapping).map_err(|e| match &csv_guess {
                Some(_) => ParseError {
                    message: format!(
                        "{} (with the mapping guessed from the header; choose a preset or map the columns)",
                        e.message
                    ),
                    ..e
                },
                None => e,
            })?
        }
    };
    Ok(Parsed {
        statement,
        more_statements,
        format,
        csv_preset,
        csv_guess,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_formats() {
        assert_eq!(detect_format(b"OFXHEADER:100\nDATA:OFXSGML"), Format::Ofx);
        assert_eq!(
            detect_format(b"<?xml version=\"1.0\"?><?OFX OFXHEADER=\"200\"?><OFX>"),
            Format::Ofx
        );
        assert_eq!(
            detect_format(b"<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"),
            Format::Camt053
        );
        assert_eq!(detect_format(b"!Type:Bank\nD01/02/2026\n"), Format::Qif);
        assert_eq!(
            detect_format(b"\xEF\xBB\xBFDate,Description,Amount\n"),
            Format::Csv
        );
    }

    /// These QIF files fell through to the CSV message.
    #[test]
    fn recognises_qif_beyond_type_headers() {
        for head in [
            "!Clear:AutoSwitch\n!Type:Bank\n",
            "!Option:AutoSwitch\n!Account\nNChecking\n^\n",
            "!Option:MDY\n!Type:Bank\n",
            "^\n!Type:Bank\n",
            "!type:bank\n",
            "!TYPE:CCard\r\n",
            "# exported by a tool\n\n# another comment\n!Type:Cash\n",
            "\u{feff}  !Account\n",
        ] {
            assert_eq!(detect_format(head.as_bytes()), Format::Qif, "{head:?}");
        }
        // A memo that names another format does not change what the file is.
        assert_eq!(
            detect_format(b"!Type:Bank\nD1/2/24\nT1\nMsee camt.053 and <OFX>\n^\n"),
            Format::Qif
        );
        for not_qif in ["# Date,Amount\nDate,Amount\n", "Date;^;Amount\n", "!,a,b\n"] {
            assert_eq!(
                detect_format(not_qif.as_bytes()),
                Format::Csv,
                "{not_qif:?}"
            );
        }
    }

    #[test]
    fn recognises_camt_reports_and_notifications() {
        let doc = |version: &str, root: &str| {
            format!(
                "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.{version}\"><{root}>"
            )
        };
        assert_eq!(
            detect_format(doc("052.001.08", "BkToCstmrAcctRpt").as_bytes()),
            Format::Camt052
        );
        assert_eq!(
            detect_format(doc("054.001.08", "BkToCstmrDbtCdtNtfctn").as_bytes()),
            Format::Camt054
        );
        // A prefixed root element, and a namespace alone when the root is further on.
        assert_eq!(
            detect_format(b"<ns:Document><ns:BkToCstmrDbtCdtNtfctn>"),
            Format::Camt054
        );
        assert_eq!(
            detect_format(b"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.052.001.02\">"),
            Format::Camt052
        );
        for (file, format) in [
            (
                &include_bytes!("../tests/fixtures/camt/camt052_v08.xml")[..],
                Format::Camt052,
            ),
            (
                &include_bytes!("../tests/fixtures/camt/camt054_v08.xml")[..],
                Format::Camt054,
            ),
        ] {
            let parsed = parse(file, &ParseOptions::default()).unwrap();
            assert_eq!(
                (parsed.format, parsed.format.name()),
                (format, format.name())
            );
            assert!(!parsed.statement.lines.is_empty());
        }
    }

    #[test]
    fn recognises_mt940() {
        assert_eq!(
            detect_format(b":20:STARTUMSE\r\n:25:10050000/0123456789\r\n:28C:00001/001\r\n"),
            Format::Mt940
        );
        assert_eq!(
            detect_format(b"\r\n:20:940S240201\n:28C:1\n:60F:C240131EUR1000,00\n"),
            Format::Mt940
        );
        assert_eq!(
            detect_format(b"{1:F01RABONL2UXXXX0000000000}{2:O940}{4:\n:20:X\n"),
            Format::Mt940
        );
        // A :20: alone, or tags that do not start with it, are not enough.
        assert_eq!(detect_format(b":20:X\nDate,Amount\n"), Format::Csv);
        assert_eq!(detect_format(b":25:X\n:20:X\n:61:X\n"), Format::Csv);
        for file in [
            &include_bytes!("../tests/fixtures/mt940/sparkasse.sta")[..],
            &include_bytes!("../tests/fixtures/mt940/rabobank_swift.mt940")[..],
        ] {
            let parsed = parse(file, &ParseOptions::default()).unwrap();
            assert_eq!(
                (parsed.format, parsed.format.name()),
                (Format::Mt940, "mt940")
            );
            assert!(!parsed.statement.lines.is_empty());
        }
    }
}
