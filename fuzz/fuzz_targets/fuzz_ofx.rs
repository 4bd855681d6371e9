//! OFX 1.x (SGML), OFX 2.x (XML) and QFX.
#![no_main]

use kakeibo_bank_sync::parse::ofx;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(data, ofx::parse(data).as_ref());
});
