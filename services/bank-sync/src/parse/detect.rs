//! One entry point for every file: recognise the format (unless the caller names it), then
//! hand the bytes to its parser.

use serde::Deserialize;

use super::csv::CsvMapping;
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
    pub format: Format,
    /// The CSV preset used, when one was.
    pub csv_preset: Option<String>,
}

pub fn detect_format(bytes: &[u8]) -> Format {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("OFXHEADER") || head.contains("<?OFX") || head.contains("<OFX>") {
        Format::Ofx
    } else if head.contains("BkToCstmrStmt") || head.contains("camt.053") {
        Format::Camt053
    } else if head.starts_with("!Type:")
        || head.starts_with("!Account")
        || head.starts_with("!Option")
    {
        Format::Qif
    } else {
        Format::Csv
    }
}

pub fn parse(bytes: &[u8], options: &ParseOptions) -> Result<Parsed, ParseError> {
    let format = options.format.unwrap_or_else(|| detect_format(bytes));
    let mut csv_preset = None;
    let statement = match format {
        Format::Ofx => super::ofx::parse(bytes)?,
        Format::Camt053 | Format::Camt052 | Format::Camt054 => super::camt::parse(bytes)?,
        Format::Mt940 => {
            return Err(ParseError::new(1, None, "MT940 files are not read yet"));
        }
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
                (None, None) => {
                    let (id, mapping) = super::csv::sniff(bytes).ok_or_else(|| {
                        ParseError::new(
                            1,
                            None,
                            "this CSV matches no known bank export; choose a preset or map the columns",
                        )
                    })?;
                    csv_preset = Some(id.to_string());
                    mapping
                }
            };
            super::csv::parse(bytes, &mapping)?
        }
    };
    Ok(Parsed {
        statement,
        format,
        csv_preset,
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
}
