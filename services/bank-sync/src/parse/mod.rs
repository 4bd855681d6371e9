//! Statement-file parsers. Each takes the file's bytes and returns a `Statement` or the first
//! `ParseError` (line and field). They do no I/O, so they can be fuzzed.

pub mod camt;
pub mod csv;
pub mod detect;
pub mod mt940;
pub mod ofx;
pub mod qif;
#[cfg(test)]
mod test_rng;
#[cfg(test)]
mod test_summary;
pub mod text;

pub use detect::{ParseOptions, Parsed, detect_format, parse};
