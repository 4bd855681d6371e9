//! Exchange rates: the file importer behind `kakeibo fx import FILE`, and the store.
//!
//! Two formats, told apart by the header:
//! - the ECB's reference rates (`eurofxref-hist.csv` or the daily `eurofxref.csv`):
//!   `Date,USD,JPY,…`, each row one day's rates per 1 EUR, `N/A` where none was set;
//! - a plain list: `date,base,quote,rate`, 1 base = rate quote.
//!
//! A file is parsed whole before anything is written, and written in one transaction: a bad
//! file changes nothing. Importing the same file again changes nothing either (a day's rate
//! is replaced by the file's, so a corrected file wins).

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::{PgConnection, PgPool};

/// 1 `base` = `rate` `quote` on `date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    pub date: NaiveDate,
    pub base: String,
    pub quote: String,
    pub rate: Decimal,
}

/// What is wrong with a file, and where (1-based line numbers, the header is line 1).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FxFileError {
    #[error("the file is empty")]
    Empty,
    #[error(
        "line 1: unknown header {0:?}; expected the ECB's `Date,USD,JPY,…` or `date,base,quote,rate`"
    )]
    UnknownHeader(String),
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("the file holds no rates")]
    NoRates,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] FxFileError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportReport {
    pub rates_read: usize,
    /// Rates that were new or differed from the stored ones.
    pub rates_written: usize,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
}

fn line_error(line: usize, message: impl Into<String>) -> FxFileError {
    FxFileError::Line {
        line,
        message: message.into(),
    }
}

fn currency(line: usize, text: &str) -> Result<String, FxFileError> {
    let code = text.trim();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code.to_string())
    } else {
        Err(line_error(
            line,
            format!("{code:?} is not a currency code (three capital letters, e.g. USD)"),
        ))
    }
}

fn date(line: usize, text: &str) -> Result<NaiveDate, FxFileError> {
    let text = text.trim();
    // The ECB's daily file writes "21 November 2026".
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d %B %Y"))
        .map_err(|_| line_error(line, format!("{text:?} is not a date (YYYY-MM-DD)")))
}

fn rate(line: usize, text: &str) -> Result<Decimal, FxFileError> {
    let text = text.trim();
    match text.parse::<Decimal>() {
        Ok(rate)
            if rate > Decimal::ZERO
                && rate.scale() <= 12
                && rate < Decimal::from(10i64.pow(15)) =>
        {
            Ok(rate)
        }
        _ => Err(line_error(
            line,
            format!("{text:?} is not a rate (a positive number, at most 12 decimal places)"),
        )),
    }
}

/// Parses a rates file, or says which line is wrong.
pub fn parse(bytes: &[u8]) -> Result<Vec<Rate>, FxFileError> {
    let text =
        std::str::from_utf8(bytes).map_err(|e| line_error(1, format!("not UTF-8 text: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(FxFileError::Empty),
        Some(header) => header.map_err(|e| line_error(1, e.to_string()))?,
    };
    let columns: Vec<String> = header.iter().map(str::to_string).collect();
    let lower: Vec<String> = columns.iter().map(|c| c.to_ascii_lowercase()).collect();
    let mut rates = Vec::new();
    if lower == ["date", "base", "quote", "rate"] {
        for (n, record) in records.enumerate() {
            let line = n + 2;
            let record = record.map_err(|e| line_error(line, e.to_string()))?;
            if record.iter().all(str::is_empty) {
                continue;
            }
            if record.len() != 4 {
                return Err(line_error(
                    line,
                    format!("{} fields; expected date,base,quote,rate", record.len()),
                ));
            }
            let (base, quote) = (currency(line, &record[1])?, currency(line, &record[2])?);
            if base == quote {
                return Err(line_error(line, format!("{base} against itself")));
            }
            rates.push((
                line,
                Rate {
                    date: date(line, &record[0])?,
                    base,
                    quote,
                    rate: rate(line, &record[3])?,
                },
            ));
        }
    } else if lower.first().is_some_and(|c| c == "date") && columns.len() > 1 {
        // The ECB's lines end with a comma: an empty last column.
        let quotes: Vec<Option<String>> = columns[1..]
            .iter()
            .map(|c| (!c.is_empty()).then(|| currency(1, c)).transpose())
            .collect::<Result<_, _>>()?;
        for (n, record) in records.enumerate() {
            let line = n + 2;
            let record = record.map_err(|e| line_error(line, e.to_string()))?;
            if record.iter().all(str::is_empty) {
                continue;
            }
            if record.len() > columns.len() {
                return Err(line_error(
                    line,
                    format!("{} fields; the header has {}", record.len(), columns.len()),
                ));
            }
            let day = date(line, &record[0])?;
            for (value, quote) in record.iter().skip(1).zip(&quotes) {
                let Some(quote) = quote else { continue };
                if value.is_empty() || value.eq_ignore_ascii_case("N/A") {
                    continue;
                }
                if quote == "EUR" {
                    return Err(line_error(1, "EUR against itself"));
                }
                rates.push((
                    line,
                    Rate {
                        date: day,
                        base: "EUR".into(),
                        quote: quote.clone(),
                        rate: rate(line, value)?,
                    },
                ));
            }
        }
    } else {
        return Err(FxFileError::UnknownHeader(columns.join(",")));
    }
    // The same day and pair twice must agree, else the file contradicts itself.
    let mut seen: HashMap<(NaiveDate, &str, &str), (usize, Decimal)> = HashMap::new();
    for (line, r) in &rates {
        if let Some((first, earlier)) = seen.insert((r.date, &r.base, &r.quote), (*line, r.rate))
            && earlier != r.rate
        {
            return Err(line_error(
                *line,
                format!(
                    "{} {}/{} is {} here but {earlier} on line {first}",
                    r.date, r.base, r.quote, r.rate
                ),
            ));
        }
    }
    if rates.is_empty() {
        return Err(FxFileError::NoRates);
    }
    Ok(rates.into_iter().map(|(_, r)| r).collect())
}

/// Parses and stores a rates file in one transaction.
pub async fn import(pool: &PgPool, bytes: &[u8]) -> Result<ImportReport, ImportError> {
    let rates = parse(bytes)?;
    Ok(store(pool, &rates).await?)
}

/// Writes rates (replacing a stored rate of the same day and pair) and their pairs.
pub async fn store(pool: &PgPool, rates: &[Rate]) -> Result<ImportReport, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let dates: Vec<NaiveDate> = rates.iter().map(|r| r.date).collect();
    let bases: Vec<&str> = rates.iter().map(|r| r.base.as_str()).collect();
    let quotes: Vec<&str> = rates.iter().map(|r| r.quote.as_str()).collect();
    let values: Vec<Decimal> = rates.iter().map(|r| r.rate).collect();
    let written = sqlx::query(
        "INSERT INTO fx_rates (rate_date, base, quote, rate)
         SELECT DISTINCT ON (b, q, d) d, b, q, r FROM UNNEST($1::date[], $2::text[], $3::text[], $4::numeric[]) AS a(d, b, q, r)
         ON CONFLICT (base, quote, rate_date) DO UPDATE SET rate = EXCLUDED.rate, imported_at = now()
         WHERE fx_rates.rate <> EXCLUDED.rate",
    )
    .bind(&dates)
    .bind(&bases)
    .bind(&quotes)
    .bind(&values)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query(
        "INSERT INTO fx_pairs (base, quote) SELECT DISTINCT b, q FROM UNNEST($1::text[], $2::text[]) AS a(b, q)
         ON CONFLICT DO NOTHING",
    )
    .bind(&bases)
    .bind(&quotes)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ImportReport {
        rates_read: rates.len(),
        rates_written: written as usize,
        first_date: dates.iter().min().copied(),
        last_date: dates.iter().max().copied(),
    })
}

/// The latest rate from one currency to another on or before a day.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LatestRate {
    pub currency: String,
    /// 1 `currency` = `rate` of the target currency; `None` when no rate exists.
    pub rate: Option<Decimal>,
    /// The day the rate is from: across a pivot, the older of its two rates' days.
    pub rate_date: Option<NaiveDate>,
}

/// For each of `currencies`, the rate to `to` that `fx_rate()` uses on `on`, and its day.
pub async fn latest_to(
    conn: &mut PgConnection,
    currencies: &[String],
    to: &str,
    on: NaiveDate,
) -> Result<Vec<LatestRate>, sqlx::Error> {
    // The rate is `fx_rate()`'s own; the day follows its order (direct, inverse, the first
    // pivot quoting both), which the function does not return.
    sqlx::query_as(
        "SELECT c.code::text AS currency, round(fx_rate(c.code, $2::char(3), $3), 12) AS rate,
                COALESCE(
                    (SELECT max(r.rate_date) FROM fx_rates r
                     WHERE r.base = c.code AND r.quote = $2::char(3) AND r.rate_date <= $3),
                    (SELECT max(r.rate_date) FROM fx_rates r
                     WHERE r.base = $2::char(3) AND r.quote = c.code AND r.rate_date <= $3),
                    (SELECT LEAST(f.day, t.day)
                     FROM fx_pairs pf
                     JOIN fx_pairs pt ON pt.base = pf.base AND pt.quote = $2::char(3)
                     CROSS JOIN LATERAL (SELECT max(r.rate_date) AS day FROM fx_rates r
                                         WHERE r.base = pf.base AND r.quote = c.code AND r.rate_date <= $3) f
                     CROSS JOIN LATERAL (SELECT max(r.rate_date) AS day FROM fx_rates r
                                         WHERE r.base = pf.base AND r.quote = $2::char(3) AND r.rate_date <= $3) t
                     WHERE pf.quote = c.code AND f.day IS NOT NULL AND t.day IS NOT NULL
                     ORDER BY pf.base LIMIT 1)
                ) AS rate_date
         FROM (SELECT DISTINCT code::char(3) AS code FROM unnest($1::text[]) AS a(code)) c
         WHERE c.code <> $2::char(3)
         ORDER BY c.code",
    )
    .bind(currencies)
    .bind(to)
    .bind(on)
    .fetch_all(conn)
    .await
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn reads_the_ecb_history_with_gaps_and_trailing_commas() {
        let file =
            "Date,USD,JPY,BGN,\n2026-01-02,1.0345,162.5,N/A,\n2026-01-01,1.0300,N/A,1.9558,\n";
        let rates = parse(file.as_bytes()).unwrap();
        assert_eq!(
            rates,
            [
                Rate {
                    date: day("2026-01-02"),
                    base: "EUR".into(),
                    quote: "USD".into(),
                    rate: dec!(1.0345)
                },
                Rate {
                    date: day("2026-01-02"),
                    base: "EUR".into(),
                    quote: "JPY".into(),
                    rate: dec!(162.5)
                },
                Rate {
                    date: day("2026-01-01"),
                    base: "EUR".into(),
                    quote: "USD".into(),
                    rate: dec!(1.0300)
                },
                Rate {
                    date: day("2026-01-01"),
                    base: "EUR".into(),
                    quote: "BGN".into(),
                    rate: dec!(1.9558)
                },
            ]
        );
    }

    #[test]
    fn reads_the_ecb_daily_file() {
        let file = "Date, USD, JPY, \n21 November 2026, 1.0512, 160.01, \n";
        let rates = parse(file.as_bytes()).unwrap();
        assert_eq!(rates.len(), 2);
        assert_eq!(rates[1].date, day("2026-11-21"));
        assert_eq!(rates[1].rate, dec!(160.01));
    }

    #[test]
    fn reads_the_plain_list() {
        let file = "date,base,quote,rate\n2026-03-01,USD,JPY,150.25\n";
        assert_eq!(
            parse(file.as_bytes()).unwrap(),
            [Rate {
                date: day("2026-03-01"),
                base: "USD".into(),
                quote: "JPY".into(),
                rate: dec!(150.25)
            }]
        );
    }

    #[test]
    fn names_the_line_of_a_bad_value() {
        let error = |file: &str| parse(file.as_bytes()).unwrap_err().to_string();
        assert_eq!(error(""), "the file is empty");
        assert!(error("when,what\n").starts_with("line 1: unknown header"));
        assert_eq!(
            error("date,base,quote,rate\n2026-03-01,USD,JPY,150\n2026-03-02,USD,JPY,-1\n"),
            "line 3: \"-1\" is not a rate (a positive number, at most 12 decimal places)"
        );
        assert_eq!(
            error("date,base,quote,rate\n2026-02-30,USD,JPY,150\n"),
            "line 2: \"2026-02-30\" is not a date (YYYY-MM-DD)"
        );
        assert_eq!(
            error("date,base,quote,rate\n2026-03-01,usd,JPY,150\n"),
            "line 2: \"usd\" is not a currency code (three capital letters, e.g. USD)"
        );
        assert_eq!(
            error("date,base,quote,rate\n2026-03-01,USD,JPY,150\n2026-03-01,USD,JPY,151\n"),
            "line 3: 2026-03-01 USD/JPY is 151 here but 150 on line 2"
        );
        assert_eq!(
            error("Date,USD,\n2026-03-01,N/A,\n"),
            "the file holds no rates"
        );
        assert_eq!(
            error("Date,USD\n2026-03-01,1.1,2.2\n"),
            "line 2: 3 fields; the header has 2"
        );
    }
}
