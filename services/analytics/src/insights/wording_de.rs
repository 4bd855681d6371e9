//! The template sentences in German, for the German weekly e-mail. The stored wording is
//! English (or the chat model's); the dashboard words each insight from its facts itself,
//! with the same sentences (`frontend/src/lib/i18n/de.ts`, `insight`).

use chrono::{Datelike, NaiveDate};
use kakeibo_notifications::summary::Lang;
use rust_decimal::Decimal;

use super::Fact;
use super::store::Insight;

const DE: Lang = Lang::De;

/// A stored insight in German, from its facts; its stored text when they cannot be read (an
/// insight written by an older version).
pub fn of_stored(insight: &Insight) -> String {
    super::wording::stored_fact(insight)
        .map_or_else(|| insight.text.clone(), |fact| template(&fact))
}

fn money(amount: Decimal, currency: &str) -> String {
    DE.money(amount, currency)
}

/// "14. September 2026".
fn date(d: NaiveDate) -> String {
    format!("{}. {} {}", d.day(), DE.month(d.month()), d.year())
}

/// "August 2026" for the facts' "2026-08"; a label it cannot read stays as it is.
fn month(label: &str) -> String {
    super::wording::first_of_month(label).map_or_else(
        || label.to_string(),
        |d| format!("{} {}", DE.month(d.month()), d.year()),
    )
}

fn named(category: &str) -> &str {
    if category.is_empty() {
        "Ohne Kategorie"
    } else {
        category
    }
}

/// The cadence as the adjective before "Zahlung".
fn cadence(name: &str) -> &str {
    match name {
        "weekly" => "wöchentliche",
        "fortnightly" => "zweiwöchentliche",
        "monthly" | "nth weekday" => "monatliche",
        "quarterly" => "vierteljährliche",
        "yearly" => "jährliche",
        other => other,
    }
}

/// The template sentence of a fact, in German.
pub fn template(fact: &Fact) -> String {
    match fact {
        Fact::CategoryAboveAverage {
            category,
            month,
            month_to_date,
            amount,
            average,
            percent,
            currency,
        } => {
            let when = if *month_to_date {
                format!("bisher im {}", self::month(month))
            } else {
                format!("im {}", self::month(month))
            };
            format!(
                "{}: {} {when}, {percent} % über deinem Dreimonatsschnitt von {}.",
                named(category),
                money(*amount, currency),
                money(*average, currency)
            )
        }
        Fact::NewRecurring {
            merchant,
            cadence,
            amount,
            currency,
            next_date,
        } => {
            let next = next_date
                .map(|next| format!("; die nächste wird am {} erwartet", date(next)))
                .unwrap_or_default();
            format!(
                "Neue {} Zahlung: {merchant}, {}{next}.",
                self::cadence(cadence),
                money(*amount, currency)
            )
        }
        Fact::PriceIncrease {
            merchant,
            from,
            to,
            percent,
            currency,
            on,
        } => format!(
            "{merchant} kostet seit dem {} {} statt {} ({percent} % mehr).",
            date(*on),
            money(*to, currency),
            money(*from, currency)
        ),
        Fact::MissedPayment {
            merchant,
            cadence,
            amount,
            currency,
            last_paid,
        } => format!(
            "Die {} Zahlung an {merchant} ({}) ist ausgeblieben; die letzte kam am {}.",
            self::cadence(cadence),
            money(*amount, currency),
            date(*last_paid)
        ),
        Fact::LargeTransaction {
            merchant,
            category,
            amount,
            usual,
            currency,
            on,
        } => {
            let at = match category {
                Some(c) => format!("{merchant} ({c})"),
                None => merchant.clone(),
            };
            format!(
                "Ungewöhnlich hoch: {} bei {at} am {}, üblich sind {}.",
                money(*amount, currency),
                date(*on),
                money(*usual, currency)
            )
        }
        Fact::NewMerchant {
            merchant,
            amount,
            currency,
            on,
        } => format!(
            "Erster Einkauf bei {merchant}: {} am {}.",
            money(*amount, currency),
            date(*on)
        ),
        Fact::SpendingSpike {
            category,
            month,
            amount,
            usual,
            currency,
        } => {
            let (category, month) = (named(category), self::month(month));
            if usual.is_zero() {
                format!(
                    "{category}: {} im {month}, sonst gibst du hier nichts aus.",
                    money(*amount, currency)
                )
            } else {
                format!(
                    "{category}: {} im {month}, mehr als das Doppelte der üblichen {}.",
                    money(*amount, currency),
                    money(*usual, currency)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use rust_decimal_macros::dec;
    use serde_json::json;
    use uuid::Uuid;

    use super::*;

    fn stored(facts: serde_json::Value, text: &str) -> Insight {
        Insight {
            id: Uuid::nil(),
            kind: "x".into(),
            facts,
            text: text.into(),
            worded_by: "template".into(),
            status: "new".into(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn german_sentences_write_amounts_dates_and_months_the_german_way() {
        let above = Fact::CategoryAboveAverage {
            category: "Restaurants".into(),
            month: "2026-11".into(),
            month_to_date: true,
            amount: dec!(1234.5),
            average: dec!(800),
            percent: 54,
            currency: "EUR".into(),
        };
        assert_eq!(
            template(&above),
            "Restaurants: 1.234,50 EUR bisher im November 2026, 54 % über deinem \
             Dreimonatsschnitt von 800,00 EUR."
        );
        let price = Fact::PriceIncrease {
            merchant: "Netflix".into(),
            from: dec!(12.99),
            to: dec!(13.99),
            percent: 8,
            currency: "EUR".into(),
            on: NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
        };
        assert_eq!(
            template(&price),
            "Netflix kostet seit dem 14. März 2026 13,99 EUR statt 12,99 EUR (8 % mehr)."
        );
        let missed = Fact::MissedPayment {
            merchant: "Gym".into(),
            cadence: "nth weekday".into(),
            amount: dec!(29),
            currency: "EUR".into(),
            last_paid: NaiveDate::from_ymd_opt(2026, 10, 6).unwrap(),
        };
        assert_eq!(
            template(&missed),
            "Die monatliche Zahlung an Gym (29,00 EUR) ist ausgeblieben; die letzte kam am \
             6. Oktober 2026."
        );
    }

    #[test]
    fn a_stored_insight_is_worded_from_its_facts_or_keeps_its_text() {
        let spike = Fact::SpendingSpike {
            category: String::new(),
            month: "2026-11".into(),
            amount: dec!(90.00),
            usual: dec!(0),
            currency: "USD".into(),
        };
        let insight = stored(serde_json::to_value(&spike).unwrap(), "English");
        assert_eq!(
            of_stored(&insight),
            "Ohne Kategorie: 90,00 USD im November 2026, sonst gibst du hier nichts aus."
        );
        let unreadable = stored(json!({"kind": "from_the_future"}), "As stored.");
        assert_eq!(of_stored(&unreadable), "As stored.");
        // English: a template's older wording is worded again; the model's words stay.
        let old_wording = stored(serde_json::to_value(&spike).unwrap(), "in 2026-11");
        assert_eq!(
            crate::insights::wording::stored_in_english(&old_wording),
            "Uncategorized: 90.00 USD in November 2026, where you usually spend nothing."
        );
        let mut by_model = old_wording.clone();
        by_model.worded_by = "llm".into();
        assert_eq!(
            crate::insights::wording::stored_in_english(&by_model),
            "in 2026-11"
        );
    }
}
