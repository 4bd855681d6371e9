//! SWIFT MT940, plain and in the SWIFT block wrapper.
#![no_main]

use kakeibo_statements::mt940;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(data, mt940::parse(data).as_ref());
});
