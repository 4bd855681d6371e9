//! OFX 1.x (SGML), OFX 2.x (XML) and QFX; files with several accounts, investment
//! statements (their cash side) and files with no header.
#![no_main]

use kakeibo_statements::ofx;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    match ofx::parse(data) {
        Ok(statements) => {
            assert!(!statements.is_empty(), "a file read holds a statement");
            for statement in &statements {
                common::check(data, Ok(statement));
            }
        }
        Err(e) => common::check(data, Err(&e)),
    }
});
