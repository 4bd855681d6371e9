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
    if head.starts_with("OFXHEADER")
        || head.contains("<?OFX")
        || head.contains("<OFX>")
        || head
            .get(..5)
            .is_some_and(|h| h.eq_ignore_ascii_case("<ofx>"))
    {
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
}
