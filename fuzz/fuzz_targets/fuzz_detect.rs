//! What an upload without options goes through: format detection, then the detected format's
//! parser (CSV through the preset sniffer, then the mapping guesser).
#![no_main]

use kakeibo_statements::{Format, ParseOptions, detect_format, parse};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let format = detect_format(data);
    // Only QIF reads the day-first switch.
    let orders: &[bool] = if format == Format::Qif {
        &[false, true]
    } else {
        &[false]
    };
    for &qif_day_first in orders {
        let options = ParseOptions {
            qif_day_first,
            ..ParseOptions::default()
        };
        let result = parse(data, &options);
        if let Ok(parsed) = &result {
            assert_eq!(parsed.format, format);
            for statement in &parsed.more_statements {
                common::check(data, Ok(statement));
            }
            if let Some(guess) = &parsed.csv_guess {
                assert!((0.0..=1.0).contains(&guess.confidence));
                if let Err(e) = parsed.refuse_unsure_guess() {
                    common::check(data, Err(&e));
                }
            }
        }
        common::check(data, result.as_ref().map(|p| &p.statement));
    }
});
