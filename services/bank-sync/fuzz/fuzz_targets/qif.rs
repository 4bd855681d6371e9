//! QIF, in both date orders: any bytes must give a statement or a ParseError, never a panic.
#![no_main]

use kakeibo_bank_sync::parse::qif::{QifDateFormat, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse(data, QifDateFormat::MonthFirst);
    let _ = parse(data, QifDateFormat::DayFirst);
});
