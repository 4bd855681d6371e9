//! CAMT.053, and the camt.052 reports and camt.054 notifications the same parser reads.
#![no_main]

use kakeibo_statements::camt;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(data, camt::parse(data).as_ref());
});
