//! CSV with a comma/point preset and a semicolon/decimal-comma/Windows-1252 one, plus the
//! sniffer: any bytes must give a statement or a ParseError, never a panic.
#![no_main]

use std::sync::LazyLock;

use kakeibo_bank_sync::parse::csv::{CsvMapping, parse, preset, sniff};
use libfuzzer_sys::fuzz_target;

static MAPPINGS: LazyLock<[CsvMapping; 2]> =
    LazyLock::new(|| ["generic", "sparkasse"].map(|id| preset(id).expect("the preset exists")));

fuzz_target!(|data: &[u8]| {
    for mapping in MAPPINGS.iter() {
        let _ = parse(data, mapping);
    }
    let _ = sniff(data);
});
