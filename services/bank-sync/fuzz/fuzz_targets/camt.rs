//! CAMT.053: any bytes must give a statement or a ParseError, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kakeibo_bank_sync::parse::camt::parse(data);
});
