//! kakeibo-statements — the statement-file parsers: OFX/QFX, CSV (presets, saved and guessed
//! mappings), CAMT.052/.053/.054, QIF and MT940. Each takes the file's bytes and returns a
//! `Statement` or the first `ParseError` (line and field). No database, no async, no I/O, so
//! they can be fuzzed (`fuzz/`, docs/fuzzing.md). What each format reads: README.md.

pub mod camt;
pub mod csv;
pub mod detect;
pub mod mt940;
pub mod ofx;
pub mod qif;
pub mod statement;
#[cfg(test)]
mod test_rng;
#[cfg(test)]
mod test_summary;
pub mod text;

pub use detect::{ParseOptions, Parsed, detect_format, parse};
pub use statement::{Format, ParseError, Statement, StatementLine};
