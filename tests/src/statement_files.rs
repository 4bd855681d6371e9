//! The real-world statement files under services/statements/tests/fixtures, one or more per
//! format, with what a person would tell the importer about each. The API and CLI tests run
//! every one of them end to end.

use std::path::PathBuf;

use kakeibo_bank_sync::parse::{self, ParseOptions};

pub struct StatementFile {
    /// Under services/statements/tests/fixtures.
    pub path: &'static str,
    /// What the file is, in words (for assertion messages).
    pub kind: &'static str,
    /// The account the file belongs in.
    pub currency: &'static str,
    /// European QIF exports write the day first.
    pub qif_day_first: bool,
}

pub const STATEMENT_FILES: &[StatementFile] = &[
    file("ofx/checking_102.ofx", "OFX 1.0 (SGML)", "USD"),
    file("ofx/latin_1252.ofx", "OFX 1.x in Windows-1252", "EUR"),
    file("ofx/savings_220.ofx", "OFX 2.2 (XML)", "USD"),
    file("ofx/checking.qfx", "QFX", "USD"),
    file(
        "ofx/headerless_empty.ofx",
        "OFX with no header, an empty CURDEF and BALAMT",
        "EUR",
    ),
    file(
        "ofx/investment.ofx",
        "OFX investment statement (its cash movements)",
        "USD",
    ),
    file("camt/camt053_v02.xml", "CAMT.053 v02", "EUR"),
    file("camt/camt053_v08.xml", "CAMT.053 v08 (prefixed)", "CHF"),
    file("qif/checking_us.qif", "QIF, US dates", "USD"),
    StatementFile {
        qif_day_first: true,
        ..file(
            "qif/giro_eu_1252.qif",
            "QIF, European dates, Windows-1252",
            "EUR",
        )
    },
    file("csv/generic.csv", "CSV, generic", "EUR"),
    file(
        "csv/giro_de_guess.csv",
        "CSV, a German giro export no preset knows (guessed mapping)",
        "EUR",
    ),
    file(
        "csv/sparkasse.csv",
        "CSV, Sparkasse (Windows-1252, decimal comma)",
        "EUR",
    ),
    file("csv/chase.csv", "CSV, Chase", "USD"),
    file("csv/n26.csv", "CSV, N26", "EUR"),
    file("csv/ing_nl.csv", "CSV, ING (debit/credit column)", "EUR"),
];

const fn file(path: &'static str, kind: &'static str, currency: &'static str) -> StatementFile {
    StatementFile {
        path,
        kind,
        currency,
        qif_day_first: false,
    }
}

impl StatementFile {
    pub fn full_path(&self) -> PathBuf {
        crate::workspace_root()
            .join("services/statements/tests/fixtures")
            .join(self.path)
    }

    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.full_path()).unwrap_or_else(|e| panic!("{}: {e}", self.path))
    }

    pub fn options(&self) -> ParseOptions {
        ParseOptions {
            qif_day_first: self.qif_day_first,
            ..Default::default()
        }
    }

    /// How many rows the parser reads from the file (its own tests pin what they are).
    pub fn rows(&self) -> usize {
        let parsed = parse::parse(&self.bytes(), &self.options())
            .unwrap_or_else(|e| panic!("{}: {e}", self.path));
        assert!(!parsed.statement.lines.is_empty(), "{} has rows", self.path);
        parsed.statement.lines.len()
    }
}
