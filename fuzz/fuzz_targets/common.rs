//! Checks every target applies to a parser's answer, beyond "no panic, no hang, no OOM":
//! an error names a line that exists and says something short enough to show, and the lines
//! of a statement point into the file.

use kakeibo_statements::{ParseError, Statement};

/// Error messages quote at most a cut-off sample of the input; a message longer than this
/// (in characters) means a whole field, header or file was pasted into it.
const MAX_MESSAGE: usize = 1024;

/// Lines in `input`, counting a bare CR as a line break too (classic Mac files).
fn line_count(input: &[u8]) -> usize {
    let lf = input.iter().filter(|b| **b == b'\n').count();
    let cr = input.iter().filter(|b| **b == b'\r').count();
    1 + lf.max(cr)
}

pub fn check(input: &[u8], result: Result<&Statement, &ParseError>) {
    let lines = line_count(input);
    match result {
        Err(e) => {
            assert!(
                (1..=lines).contains(&e.line),
                "error on line {} of a {lines}-line input: {e}",
                e.line
            );
            assert!(!e.message.trim().is_empty(), "empty error message: {e:?}");
            let chars = e.message.chars().count();
            assert!(
                chars <= MAX_MESSAGE,
                "error message of {chars} characters: {}…",
                e.message.chars().take(200).collect::<String>()
            );
            if let Some(field) = &e.field {
                let chars = field.chars().count();
                assert!(chars <= MAX_MESSAGE, "field name of {chars} characters");
            }
        }
        Ok(statement) => {
            for line in &statement.lines {
                assert!(
                    (1..=lines).contains(&line.source_line),
                    "statement line points at line {} of a {lines}-line input",
                    line.source_line
                );
            }
        }
    }
}
