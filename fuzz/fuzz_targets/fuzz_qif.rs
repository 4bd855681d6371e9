//! QIF, read month-first and day-first.
#![no_main]

use kakeibo_statements::qif::{self, QifDateFormat};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    for order in [QifDateFormat::MonthFirst, QifDateFormat::DayFirst] {
        common::check(data, qif::parse(data, order).as_ref());
    }
});
