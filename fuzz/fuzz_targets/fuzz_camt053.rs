//! CAMT.053 (and the camt.052/.054 containers the parser also accepts).
#![no_main]

use kakeibo_bank_sync::parse::camt;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(data, camt::parse(data).as_ref());
});
