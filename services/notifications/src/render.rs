//! Wording a notification: `render(kind, payload, locale) -> (title, body)`, plain text in
//! English or German (other locales fall back to English), amounts in the locale's number
//! format with the row's currency. The facts come from the payload; nothing is looked up.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::kinds;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    De,
}

fn lang(locale: &str) -> Lang {
    if locale.to_ascii_lowercase().starts_with("de") {
        Lang::De
    } else {
        Lang::En
    }
}

/// Title and body of one notification.
pub fn render(kind: &str, payload: &Value, locale: &str) -> (String, String) {
    let l = lang(locale);
    let text = |key: &str| {
        payload
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let currency = text("currency");
    let money = |key: &str| format_amount(payload.get(key), &currency, l);
    // Sizes: the words around them say which way the money went.
    let money_abs = |key: &str| {
        let size = payload
            .get(key)
            .and_then(decimal)
            .map(|a| Value::String(a.abs().to_string()));
        format_amount(size.as_ref(), &currency, l)
    };
    let de = l == Lang::De;
    match kind {
        kinds::BUDGET_THRESHOLD => {
            let name = first_nonempty(&[text("budget_name"), text("category_name")]);
            let percent = payload
                .get("threshold_percent")
                .map(plain)
                .unwrap_or_default();
            if de {
                (
                    format!("Budget {name}: {percent} % erreicht"),
                    format!("Ausgegeben: {} von {}.", money("spent"), money("available")),
                )
            } else {
                (
                    format!("Budget {name}: {percent}% reached"),
                    format!("Spent {} of {}.", money("spent"), money("available")),
                )
            }
        }
        kinds::UNCATEGORIZED_TRANSACTION if payload.get("count").is_some() => {
            let count = payload.get("count").map(plain).unwrap_or_default();
            if de {
                (
                    format!("{count} Buchungen brauchen eine Kategorie"),
                    "Aus deinem letzten Import. Ordne sie in Kakeibo unter Buchungen zu oder mit /review in Telegram.".to_string(),
                )
            } else {
                (
                    format!("{count} transactions need a category"),
                    "From your latest import. Sort them in Kakeibo under Transactions, or with /review in Telegram.".to_string(),
                )
            }
        }
        kinds::LARGE_TRANSACTION | kinds::UNCATEGORIZED_TRANSACTION => {
            let who = first_nonempty(&[text("merchant"), text("description")]);
            let date = day(&text("date"), l);
            let incoming = payload
                .get("amount")
                .and_then(decimal)
                .is_some_and(|a| a > Decimal::ZERO);
            let size = money_abs("amount");
            let title = match (de, incoming) {
                (true, false) => format!("{size} bezahlt bei {who}"),
                (true, true) => format!("{size} erhalten von {who}"),
                (false, false) => format!("{size} paid at {who}"),
                (false, true) => format!("{size} received from {who}"),
            };
            let large = kind == kinds::LARGE_TRANSACTION;
            let body = match (de, large) {
                (true, true) => format!(
                    "Große Buchung am {date} (deine Schwelle: {}).",
                    money_abs("threshold")
                ),
                (true, false) => format!("Am {date}, noch ohne Kategorie."),
                (false, true) => format!(
                    "Large transaction on {date} (your alert threshold: {}).",
                    money_abs("threshold")
                ),
                (false, false) => format!("On {date}, not yet categorized."),
            };
            (title, body)
        }
        kinds::LOW_BALANCE => {
            let account = text("account_name");
            if de {
                (
                    format!("Niedriger Kontostand: {account}"),
                    format!(
                        "Kontostand {}, unter deiner Schwelle von {}.",
                        money("balance"),
                        money("threshold")
                    ),
                )
            } else {
                (
                    format!("Low balance: {account}"),
                    format!(
                        "Balance {}, below your threshold of {}.",
                        money("balance"),
                        money("threshold")
                    ),
                )
            }
        }
        kinds::CONNECTION_FAILING => {
            let bank = text("institution");
            let reconnect = payload.get("needs_reconnect").and_then(Value::as_bool) == Some(true);
            match (de, reconnect) {
                (true, true) => (
                    format!("{bank}: Verbindung erneuern"),
                    "Die Bank verlangt deine Zustimmung erneut. Bitte verbinde das Konto neu."
                        .into(),
                ),
                (true, false) => (
                    format!("{bank}: Abruf schlägt fehl"),
                    format!("Fehler: {}", text("error")),
                ),
                (false, true) => (
                    format!("{bank}: reconnect needed"),
                    "The bank asks for consent again. Please reconnect.".into(),
                ),
                (false, false) => (
                    format!("{bank}: sync failing"),
                    format!("Error: {}", text("error")),
                ),
            }
        }
        kinds::NEW_SUBSCRIPTION => {
            let m = text("merchant");
            if de {
                (
                    format!("Neues Abo: {m}"),
                    format!(
                        "{} {}, nächste Zahlung am {}.",
                        money("amount"),
                        cadence(&text("cadence"), l),
                        day(&text("next_date"), l)
                    ),
                )
            } else {
                (
                    format!("New subscription: {m}"),
                    format!(
                        "{} {}, next on {}.",
                        money("amount"),
                        cadence(&text("cadence"), l),
                        day(&text("next_date"), l)
                    ),
                )
            }
        }
        kinds::PRICE_INCREASE => {
            let m = text("merchant");
            if de {
                (
                    format!("Preiserhöhung: {m}"),
                    format!(
                        "Jetzt {} statt {}.",
                        money("amount"),
                        money("previous_amount")
                    ),
                )
            } else {
                (
                    format!("Price increase: {m}"),
                    format!(
                        "Now {} instead of {}.",
                        money("amount"),
                        money("previous_amount")
                    ),
                )
            }
        }
        kinds::MISSED_PAYMENT => {
            let m = text("merchant");
            let last = day(&text("last_paid"), l);
            if de {
                (
                    format!("Zahlung ausgeblieben: {m}"),
                    format!(
                        "Zuletzt am {last} bezahlt ({}, {}).",
                        money("amount"),
                        cadence(&text("cadence"), l)
                    ),
                )
            } else {
                (
                    format!("Missed payment: {m}"),
                    format!(
                        "Last paid on {last} ({} {}).",
                        money("amount"),
                        cadence(&text("cadence"), l)
                    ),
                )
            }
        }
        kinds::ANOMALY => {
            let m = first_nonempty(&[text("merchant"), text("description")]);
            if de {
                (
                    format!("Ungewöhnliche Ausgabe: {m}"),
                    format!(
                        "{} am {}, sonst meist etwa {}.",
                        money("amount"),
                        day(&text("date"), l),
                        money("usual")
                    ),
                )
            } else {
                (
                    format!("Unusual spending: {m}"),
                    format!(
                        "{} on {}, usually about {}.",
                        money("amount"),
                        day(&text("date"), l),
                        money("usual")
                    ),
                )
            }
        }
        kinds::GOAL_REACHED => {
            let goal = text("goal_name");
            if de {
                (
                    format!("Sparziel erreicht: {goal}"),
                    format!("{} von {} gespart.", money("saved"), money("target")),
                )
            } else {
                (
                    format!("Goal reached: {goal}"),
                    format!("Saved {} of {}.", money("saved"), money("target")),
                )
            }
        }
        kinds::WEEKLY_SUMMARY => {
            let title = if de { "Deine Woche" } else { "Your week" };
            (
                format!(
                    "{title}: {} – {}",
                    day(&text("week_start"), l),
                    day(&text("week_end"), l)
                ),
                text("text"),
            )
        }
        kinds::EXPORT_READY => {
            if de {
                (
                    "Dein Datenexport ist fertig".into(),
                    format!("Abrufbar bis {}.", day(&text("expires_at"), l)),
                )
            } else {
                (
                    "Your data export is ready".into(),
                    format!("Available until {}.", day(&text("expires_at"), l)),
                )
            }
        }
        other => (other.replace('_', " "), String::new()),
    }
}

/// The subject of a message that groups `count` notifications.
pub fn group_title(count: usize, locale: &str) -> String {
    match lang(locale) {
        Lang::De => format!("Kakeibo: {count} Benachrichtigungen"),
        Lang::En => format!("Kakeibo: {count} notifications"),
    }
}

fn first_nonempty(candidates: &[String]) -> String {
    candidates
        .iter()
        .find(|s| !s.trim().is_empty())
        .cloned()
        .unwrap_or_default()
}

/// A decimal from a JSON string or number (amounts travel as decimal strings).
fn decimal(value: &Value) -> Option<Decimal> {
    match value {
        Value::String(s) => Decimal::from_str(s).ok(),
        Value::Number(n) => Decimal::from_str(&n.to_string()).ok(),
        _ => None,
    }
}

/// "2026-03-02" (or an RFC 3339 time) as people write it: "2 Mar 2026", "02.03.2026".
/// Anything unreadable is shown as it came.
fn day(raw: &str, l: Lang) -> String {
    let date = chrono::NaiveDate::parse_from_str(raw.get(..10).unwrap_or(raw), "%Y-%m-%d");
    match (date, l) {
        (Ok(d), Lang::En) => d.format("%-d %b %Y").to_string(),
        (Ok(d), Lang::De) => d.format("%d.%m.%Y").to_string(),
        (Err(_), _) => raw.to_string(),
    }
}

/// A recurring payment's cadence ("monthly", "nth weekday") in words.
fn cadence(raw: &str, l: Lang) -> String {
    let key = raw.replace('_', " ");
    match l {
        Lang::En => match key.as_str() {
            "nth weekday" => "monthly".into(),
            _ => key,
        },
        Lang::De => match key.as_str() {
            "weekly" => "wöchentlich".into(),
            "fortnightly" => "alle zwei Wochen".into(),
            "monthly" | "nth weekday" => "monatlich".into(),
            "quarterly" => "vierteljährlich".into(),
            "yearly" => "jährlich".into(),
            _ => key,
        },
    }
}

/// A JSON number or string as written (thresholds are integers).
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `1,234.50 EUR` in English, `1.234,50 EUR` in German. Amounts travel as decimal strings
/// (never floats); a missing or unreadable amount renders as "?".
fn format_amount(value: Option<&Value>, currency: &str, l: Lang) -> String {
    let Some(amount) = value.and_then(decimal) else {
        return "?".to_string();
    };
    money(amount, currency, l == Lang::De)
}

/// `1,234.50 EUR` in English, `1.234,50 EUR` in German (`german`): the one money format of
/// every message, alerts and the weekly summary alike.
pub(crate) fn money(amount: Decimal, currency: &str, german: bool) -> String {
    let l = if german { Lang::De } else { Lang::En };
    let rounded = amount.round_dp(2);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let digits = format!("{:.2}", rounded.abs());
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, "00"));
    let (group, decimal) = match l {
        Lang::En => (',', '.'),
        Lang::De => ('.', ','),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    format!("{sign}{grouped}{decimal}{frac} {currency}")
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn amounts_in_each_locale() {
        let v = json!("-1234.5");
        assert_eq!(format_amount(Some(&v), "EUR", Lang::En), "-1,234.50 EUR");
        assert_eq!(format_amount(Some(&v), "EUR", Lang::De), "-1.234,50 EUR");
        assert_eq!(
            format_amount(Some(&json!("12")), "USD", Lang::En),
            "12.00 USD"
        );
        assert_eq!(format_amount(None, "USD", Lang::En), "?");
    }

    #[test]
    fn budget_alert_in_english_and_german() {
        let payload = json!({"budget_name": "Groceries", "threshold_percent": 80,
            "spent": "400", "available": "500", "currency": "EUR"});
        assert_eq!(
            render(kinds::BUDGET_THRESHOLD, &payload, "en"),
            (
                "Budget Groceries: 80% reached".into(),
                "Spent 400.00 EUR of 500.00 EUR.".into()
            )
        );
        assert_eq!(
            render(kinds::BUDGET_THRESHOLD, &payload, "de-DE"),
            (
                "Budget Groceries: 80 % erreicht".into(),
                "Ausgegeben: 400,00 EUR von 500,00 EUR.".into()
            )
        );
        // Another language falls back to English.
        assert_eq!(
            render(kinds::BUDGET_THRESHOLD, &payload, "fr").0,
            "Budget Groceries: 80% reached"
        );
    }

    #[test]
    fn transaction_alerts_say_which_way_the_money_went() {
        let paid = json!({"merchant": "Kiosk", "amount": "-974.98", "currency": "EUR",
            "date": "2026-03-02", "threshold": "500"});
        assert_eq!(
            render(kinds::LARGE_TRANSACTION, &paid, "en"),
            (
                "974.98 EUR paid at Kiosk".into(),
                "Large transaction on 2 Mar 2026 (your alert threshold: 500.00 EUR).".into()
            )
        );
        assert_eq!(
            render(kinds::LARGE_TRANSACTION, &paid, "de"),
            (
                "974,98 EUR bezahlt bei Kiosk".into(),
                "Große Buchung am 02.03.2026 (deine Schwelle: 500,00 EUR).".into()
            )
        );
        let received = json!({"merchant": "ACME GmbH", "amount": "2500", "currency": "EUR",
            "date": "2026-03-02"});
        assert_eq!(
            render(kinds::UNCATEGORIZED_TRANSACTION, &received, "de-AT"),
            (
                "2.500,00 EUR erhalten von ACME GmbH".into(),
                "Am 02.03.2026, noch ohne Kategorie.".into()
            )
        );
        assert_eq!(
            render(kinds::UNCATEGORIZED_TRANSACTION, &received, "en").0,
            "2,500.00 EUR received from ACME GmbH"
        );
        let grouped = json!({"count": 12});
        assert_eq!(
            render(kinds::UNCATEGORIZED_TRANSACTION, &grouped, "en").0,
            "12 transactions need a category"
        );
        assert_eq!(
            render(kinds::UNCATEGORIZED_TRANSACTION, &grouped, "de").0,
            "12 Buchungen brauchen eine Kategorie"
        );
    }

    #[test]
    fn every_kind_has_words() {
        for kind in kinds::ALL {
            let (title, _) = render(kind, &json!({}), "en");
            assert!(!title.is_empty() && !title.contains('_'), "{kind}: {title}");
        }
    }
}
