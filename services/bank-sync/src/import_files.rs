//! Statement files into accounts, around `import`: which of the user's accounts each
//! statement of a file goes to (by the account number the file states), the checks the
//! preview shares with the import, and the CSV mappings users confirmed for an account.
//!
//! Matching: a statement's number (OFX ACCTID, CAMT IBAN) matches an account whose IBAN or
//! provider account id is the same number (spaces and dashes aside), or else, when the
//! number has at least four digits, the one account whose mask, IBAN, provider id or name
//! ends in the same last four digits. A match must be unique, or it is no match.
//! docs/decisions.md ("Statement files: OFX and CSV") has the rules for an explicit account.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::import::{self, ImportError, ImportReport, ImportSource, Lock};
use crate::parse::csv::{self, CsvMapping};
use crate::parse::{ParseOptions, Parsed};
use crate::statement::{Format, ParseError, Statement};

/// What an account offers for matching.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountNumbers {
    pub id: Uuid,
    pub name: String,
    pub iban: Option<String>,
    pub mask: Option<String>,
    pub provider_account_id: Option<String>,
}

pub async fn account_numbers(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Vec<AccountNumbers>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, iban, mask, provider_account_id FROM accounts
         WHERE user_id = $1 AND archived_at IS NULL ORDER BY name, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// How a statement's account was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The `account_id` sent with the file.
    Explicit,
    /// The file's account number is the account's IBAN or provider id.
    Number,
    /// The last four digits of the file's account number.
    LastFour,
}

/// One statement of the file and the account it goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StatementTarget {
    /// The account number the file states for this statement (OFX ACCTID, CAMT IBAN).
    pub account_hint: Option<String>,
    /// The account the statement goes to; null when none matched (a preview of a
    /// one-statement file without `account_id`).
    pub account_id: Option<Uuid>,
    pub account_name: Option<String>,
    pub matched_by: Option<MatchedBy>,
    /// Rows of this statement.
    pub rows: usize,
    /// The statement's currency, when the file states it.
    pub currency: Option<String>,
}

/// Uppercase letters and digits only: `DE89 3704 0044` and `de8937040044` are one number.
fn plain(number: &str) -> String {
    number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn last_four(number: &str) -> Option<String> {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 4).then(|| digits[digits.len() - 4..].iter().collect())
}

/// The one account the number names, and how.
pub fn match_number(accounts: &[AccountNumbers], hint: &str) -> Option<(Uuid, MatchedBy)> {
    let wanted = plain(hint);
    if wanted.is_empty() {
        return None;
    }
    let full: Vec<Uuid> = accounts
        .iter()
        .filter(|a| {
            [&a.iban, &a.provider_account_id]
                .into_iter()
                .flatten()
                .any(|n| plain(n) == wanted)
        })
        .map(|a| a.id)
        .collect();
    if let [id] = full[..] {
        return Some((id, MatchedBy::Number));
    }
    if !full.is_empty() {
        return None;
    }
    let four = last_four(hint)?;
    let by_four: Vec<Uuid> = accounts
        .iter()
        .filter(|a| {
            let mut numbers: Vec<&str> = [&a.iban, &a.provider_account_id, &a.mask]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            // "Visa …4321", "Checking 6789": a run of four or more digits in the name.
            numbers.extend(
                a.name
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|run| run.len() >= 4),
            );
            numbers
                .iter()
                .any(|n| last_four(n).as_deref() == Some(four.as_str()))
        })
        .map(|a| a.id)
        .collect();
    match by_four[..] {
        [id] => Some((id, MatchedBy::LastFour)),
        _ => None,
    }
}

fn unmatched_error(statement: &Statement, why: &str) -> ImportError {
    let hint = statement.account_hint.as_deref().map_or_else(
        || "with no account number".to_string(),
        |h| format!("of account {h:?}"),
    );
    ImportError::Invalid(ParseError::new(
        1,
        Some("account"),
        format!(
            "the statement {hint} ({} rows) {why}; give the account its IBAN or the last four digits of its number (mask), or import the statement alone with account_id",
            statement.lines.len()
        ),
    ))
}

/// Which account each statement goes to.
///
/// - One statement: the explicit account when given, else the account its number names
///   (or none: `require` says whether that is an error).
/// - Several: each goes to the account its number names. An explicit account takes the
///   statement whose number names it, or else the one statement no number matched. A
///   statement that goes nowhere, or two that go to one account, refuse the file.
pub fn plan(
    accounts: &[AccountNumbers],
    statements: &[&Statement],
    explicit: Option<Uuid>,
    require: bool,
) -> Result<Vec<StatementTarget>, ImportError> {
    let name_of = |id: Uuid| accounts.iter().find(|a| a.id == id).map(|a| a.name.clone());
    let target = |s: &Statement, found: Option<(Uuid, MatchedBy)>| StatementTarget {
        account_hint: s.account_hint.clone(),
        account_id: found.map(|f| f.0),
        account_name: found.and_then(|f| name_of(f.0)),
        matched_by: found.map(|f| f.1),
        rows: s.lines.len(),
        currency: s.currency.clone(),
    };
    if let [single] = statements {
        let found = match explicit {
            Some(id) => Some((id, MatchedBy::Explicit)),
            None => single
                .account_hint
                .as_deref()
                .and_then(|h| match_number(accounts, h)),
        };
        if found.is_none() && require {
            return Err(ImportError::Invalid(ParseError::new(
                1,
                Some("account_id"),
                match &single.account_hint {
                    Some(h) => format!(
                        "no account of yours has the number {h:?} the file states; say which account to import into (account_id)"
                    ),
                    None => "say which account to import into (account_id)".to_string(),
                },
            )));
        }
        return Ok(vec![target(single, found)]);
    }
    if let Some(id) = explicit
        && !accounts.iter().any(|a| a.id == id)
    {
        return Err(ImportError::AccountNotFound);
    }
    let mut found: Vec<Option<(Uuid, MatchedBy)>> = statements
        .iter()
        .map(|s| {
            s.account_hint
                .as_deref()
                .and_then(|h| match_number(accounts, h))
        })
        .collect();
    if let Some(id) = explicit
        && !found.iter().flatten().any(|(f, _)| *f == id)
    {
        let unmatched: Vec<usize> = (0..found.len()).filter(|i| found[*i].is_none()).collect();
        match unmatched[..] {
            [i] => found[i] = Some((id, MatchedBy::Explicit)),
            [] => {
                let name = name_of(id).unwrap_or_default();
                return Err(ImportError::Invalid(ParseError::new(
                    1,
                    Some("account_id"),
                    format!(
                        "each statement of the file matches another of your accounts by its number, none the account {name:?}; import without account_id to import each into its account"
                    ),
                )));
            }
            _ => {}
        }
    }
    for (i, s) in statements.iter().enumerate() {
        match found[i] {
            None => {
                return Err(unmatched_error(
                    s,
                    &format!(
                        "matches none of your accounts (the file holds statements of {} accounts)",
                        statements.len()
                    ),
                ));
            }
            Some((id, _)) => {
                if let Some(j) = (0..i).find(|j| found[*j].is_some_and(|f| f.0 == id)) {
                    let other = statements[j].account_hint.as_deref().unwrap_or("");
                    return Err(unmatched_error(
                        s,
                        &format!(
                            "and the statement of account {other:?} both match the account {:?}",
                            name_of(id).unwrap_or_default()
                        ),
                    ));
                }
            }
        }
    }
    Ok(statements
        .iter()
        .zip(found)
        .map(|(s, f)| target(s, f))
        .collect())
}

/// The preview's half: the targets, and for each one the import's own checks.
pub async fn plan_and_check(
    conn: &mut PgConnection,
    user_id: Uuid,
    parsed: &Parsed,
    explicit: Option<Uuid>,
) -> Result<Vec<StatementTarget>, ImportError> {
    let accounts = account_numbers(conn, user_id).await?;
    let statements: Vec<&Statement> = parsed.statements().collect();
    let targets = plan(&accounts, &statements, explicit, false)?;
    for (statement, target) in statements.iter().zip(&targets) {
        if let Some(id) = target.account_id {
            import::check_statement(conn, user_id, id, statement, Lock::No).await?;
        }
    }
    Ok(targets)
}

/// What an import of a file did, per statement (one for most files).
#[derive(Debug)]
pub struct FileImport {
    pub reports: Vec<(StatementTarget, ImportReport)>,
}

/// The import's half: every statement into its account, in one transaction (all or nothing).
/// A CSV mapping the user chose (`confirmed`) is saved for the account when the import
/// succeeds. `pool`, where the caller has one, lets the first statement look for transfers
/// beside its COPY ([`import::import_in`]).
pub async fn import_file(
    conn: &mut PgConnection,
    pool: Option<&PgPool>,
    user_id: Uuid,
    parsed: &Parsed,
    explicit: Option<Uuid>,
    source: ImportSource<'_>,
    confirmed: Option<ConfirmedMapping<'_>>,
) -> Result<FileImport, ImportError> {
    parsed.refuse_unsure_guess()?;
    let accounts = account_numbers(conn, user_id).await?;
    let statements: Vec<&Statement> = parsed.statements().collect();
    let targets = plan(&accounts, &statements, explicit, true)?;
    let mut reports = Vec::with_capacity(targets.len());
    for (statement, target) in statements.iter().zip(targets) {
        let Some(account_id) = target.account_id else {
            continue;
        };
        // After the first statement, this transaction holds rows another connection cannot see.
        let beside = if reports.is_empty() { pool } else { None };
        let report =
            import::import_in(conn, beside, user_id, account_id, statement, source.clone()).await?;
        if let Some(confirmed) = &confirmed {
            save_mapping(conn, user_id, account_id, confirmed).await?;
        }
        reports.push((target, report));
    }
    Ok(FileImport { reports })
}

/// A CSV mapping the user chose for the file (explicit `csv_mapping` or `csv_preset`).
#[derive(Debug, Clone)]
pub struct ConfirmedMapping<'a> {
    pub file: &'a [u8],
    pub mapping: CsvMapping,
    pub preset: Option<String>,
}

/// The CSV mapping the options name (`csv_mapping`, or `csv_preset`), for saving once the
/// import succeeds; `None` unless the file was read as CSV with one of them.
pub fn chosen_mapping<'a>(
    options: &ParseOptions,
    parsed: &Parsed,
    file: &'a [u8],
) -> Option<ConfirmedMapping<'a>> {
    if parsed.format != Format::Csv {
        return None;
    }
    let (mapping, preset) = match (&options.csv_mapping, &options.csv_preset) {
        (Some(m), _) => (m.clone(), None),
        (None, Some(id)) => (csv::preset(id)?, Some(id.clone())),
        (None, None) => return None,
    };
    Some(ConfirmedMapping {
        file,
        mapping,
        preset,
    })
}

/// Whose account this is, for `kakeibo import FILE --account ID`, which names no user.
pub async fn account_owner(
    conn: &mut PgConnection,
    account_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(conn)
        .await
}

/// For a CSV file sent without a preset or mapping into an account: the mapping the user
/// confirmed for that account's export with this header, put into `options`. Says whether
/// there was one.
pub async fn use_saved_mapping(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Option<Uuid>,
    file: &[u8],
    options: &mut ParseOptions,
) -> Result<bool, sqlx::Error> {
    let Some(account_id) = account_id else {
        return Ok(false);
    };
    let csv = options
        .format
        .unwrap_or_else(|| crate::parse::detect_format(file))
        == Format::Csv;
    if !csv || options.csv_mapping.is_some() || options.csv_preset.is_some() {
        return Ok(false);
    }
    match saved_mapping(conn, user_id, account_id, file).await? {
        Some(mapping) => {
            options.csv_mapping = Some(mapping);
            Ok(true)
        }
        None => Ok(false),
    }
}

fn header_key(fields: &[String]) -> String {
    fields.join("\u{1f}")
}

/// Saves the mapping for the account under the file's header line.
pub async fn save_mapping(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    confirmed: &ConfirmedMapping<'_>,
) -> Result<(), sqlx::Error> {
    let Some(fields) = csv::header_fields(confirmed.file, &confirmed.mapping) else {
        return Ok(());
    };
    let mapping =
        serde_json::to_value(&confirmed.mapping).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO account_csv_mappings (user_id, account_id, header, mapping, preset)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, account_id, md5(header))
         DO UPDATE SET mapping = EXCLUDED.mapping, preset = EXCLUDED.preset",
    )
    .bind(user_id)
    .bind(account_id)
    .bind(header_key(&fields))
    .bind(mapping)
    .bind(&confirmed.preset)
    .execute(conn)
    .await?;
    Ok(())
}

/// The mapping the user confirmed for this account whose header line the file has, if any
/// (the newest first).
pub async fn saved_mapping(
    conn: &mut PgConnection,
    user_id: Uuid,
    account_id: Uuid,
    file: &[u8],
) -> Result<Option<CsvMapping>, sqlx::Error> {
    let saved: Vec<(String, serde_json::Value)> = sqlx::query_as(
        "SELECT header, mapping FROM account_csv_mappings
         WHERE user_id = $1 AND account_id = $2 ORDER BY updated_at DESC, id",
    )
    .bind(user_id)
    .bind(account_id)
    .fetch_all(conn)
    .await?;
    Ok(saved.into_iter().find_map(|(header, mapping)| {
        // A mapping saved by an older release that no longer reads is skipped, not an error.
        let mapping: CsvMapping = serde_json::from_value(mapping).ok()?;
        let fields = csv::header_fields(file, &mapping)?;
        (header_key(&fields) == header).then_some(mapping)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(name: &str, iban: Option<&str>, mask: Option<&str>) -> AccountNumbers {
        AccountNumbers {
            id: Uuid::new_v4(),
            name: name.into(),
            iban: iban.map(Into::into),
            mask: mask.map(Into::into),
            provider_account_id: None,
        }
    }

    fn statement(hint: Option<&str>) -> Statement {
        Statement {
            account_hint: hint.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn numbers_match_in_full_or_by_the_last_four_digits() {
        let giro = account("Giro", Some("DE89 3704 0044 0532 0130 00"), None);
        let card = account("Visa", None, Some("4321"));
        let savings = account("Savings 6666", None, None);
        let accounts = vec![giro.clone(), card.clone(), savings.clone()];
        assert_eq!(
            match_number(&accounts, "DE89370400440532013000"),
            Some((giro.id, MatchedBy::Number))
        );
        assert_eq!(
            match_number(&accounts, "XXXXXXXXXXXX4321"),
            Some((card.id, MatchedBy::LastFour))
        );
        assert_eq!(
            match_number(&accounts, "000444556666"),
            Some((savings.id, MatchedBy::LastFour))
        );
        assert_eq!(match_number(&accounts, "999"), None);
        assert_eq!(match_number(&accounts, ""), None);
        // Two accounts ending in 4321: no guess.
        let twin = account("Other card", None, Some("••4321"));
        let accounts = vec![card, twin];
        assert_eq!(match_number(&accounts, "XXXX4321"), None);
    }

    #[test]
    fn several_statements_and_an_explicit_account() {
        let giro = account("Giro", None, Some("2333"));
        let card = account("Visa", None, Some("4321"));
        let cash = account("Cash", None, None);
        let accounts = vec![giro.clone(), card.clone(), cash.clone()];
        let a = statement(Some("000111222333"));
        let b = statement(Some("XXXX4321"));
        let c = statement(Some("555"));
        let ids = |t: Vec<StatementTarget>| t.into_iter().map(|t| t.account_id).collect::<Vec<_>>();
        // Each by its number.
        assert_eq!(
            ids(plan(&accounts, &[&a, &b], None, true).unwrap()),
            [Some(giro.id), Some(card.id)]
        );
        // One that matches nothing refuses the file, naming its number…
        let e = plan(&accounts, &[&a, &c], None, true)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("\"555\"") && e.contains("matches none of your accounts"),
            "{e}"
        );
        // …unless the explicit account takes it.
        assert_eq!(
            ids(plan(&accounts, &[&a, &c], Some(cash.id), true).unwrap()),
            [Some(giro.id), Some(cash.id)]
        );
        // The explicit account takes the statement that names it.
        assert_eq!(
            ids(plan(&accounts, &[&a, &b], Some(card.id), true).unwrap()),
            [Some(giro.id), Some(card.id)]
        );
        // Every statement has its own account, none the explicit one.
        let e = plan(&accounts, &[&a, &b], Some(cash.id), true)
            .unwrap_err()
            .to_string();
        assert!(e.contains("none the account \"Cash\""), "{e}");
        // Two statements that match nothing: the explicit account cannot take both.
        let d = statement(None);
        assert!(plan(&accounts, &[&c, &d], Some(cash.id), true).is_err());
        // Another user's (or no) account.
        assert!(matches!(
            plan(&accounts, &[&a, &b], Some(Uuid::new_v4()), true),
            Err(ImportError::AccountNotFound)
        ));
        // One statement: the explicit account as today, whatever the number says.
        assert_eq!(
            ids(plan(&accounts, &[&c], Some(cash.id), true).unwrap()),
            [Some(cash.id)]
        );
        assert_eq!(ids(plan(&accounts, &[&c], None, false).unwrap()), [None]);
        assert!(plan(&accounts, &[&c], None, true).is_err());
        assert_eq!(
            ids(plan(&accounts, &[&b], None, true).unwrap()),
            [Some(card.id)]
        );
    }
}
