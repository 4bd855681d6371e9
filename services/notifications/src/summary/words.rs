//! The summary's words in English and German (other locales read English), and dates and
//! amounts as the locale writes them. Money uses the same format as every notification
//! (`render::money`).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::render;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
}

impl Lang {
    pub fn of(locale: &str) -> Self {
        if locale.to_ascii_lowercase().starts_with("de") {
            Self::De
        } else {
            Self::En
        }
    }

    pub fn de(self) -> bool {
        self == Self::De
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
        }
    }

    pub fn money(self, amount: Decimal, currency: &str) -> String {
        render::money(amount, currency, self.de())
    }

    /// "+12.5%" / "+12,5 %"; `None` when the base is zero.
    pub fn change(self, now: Decimal, before: Decimal) -> Option<String> {
        if before.is_zero() {
            return None;
        }
        let percent = ((now - before) / before.abs() * Decimal::ONE_HUNDRED).round_dp(0);
        let sign = if percent.is_sign_positive() && !percent.is_zero() {
            "+"
        } else if percent.is_zero() {
            "±"
        } else {
            "−"
        };
        let digits = percent.abs().normalize().to_string();
        Some(match self {
            Self::En => format!("{sign}{digits}%"),
            Self::De => format!("{sign}{digits} %"),
        })
    }

    /// A signed amount: "+1,234.50 EUR", "−12.00 EUR", "±0.00 EUR".
    pub fn difference(self, amount: Decimal, currency: &str) -> String {
        let sign = if amount.round_dp(2).is_zero() {
            "±"
        } else if amount.is_sign_positive() {
            "+"
        } else {
            "−"
        };
        format!("{sign}{}", self.money(amount.abs(), currency))
    }

    pub fn month(self, month: u32) -> &'static str {
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const DE: [&str; 12] = [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ];
        let i = (month as usize).clamp(1, 12) - 1;
        match self {
            Self::En => EN[i],
            Self::De => DE[i],
        }
    }

    /// Monday first.
    pub fn weekday_short(self, index: usize) -> &'static str {
        const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const DE: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
        match self {
            Self::En => EN[index % 7],
            Self::De => DE[index % 7],
        }
    }

    /// "Mon 23 Nov" / "Mo 23.11."
    pub fn day(self, date: NaiveDate) -> String {
        let wd = self.weekday_short(date.weekday().num_days_from_monday() as usize);
        match self {
            Self::En => format!("{wd} {} {}", date.day(), &self.month(date.month())[..3]),
            Self::De => format!("{wd} {}.{}.", date.day(), date.month()),
        }
    }

    /// "23–29 November 2026", across months "30 November – 6 December 2026".
    pub fn range(self, first: NaiveDate, last: NaiveDate) -> String {
        let same_month = first.month() == last.month() && first.year() == last.year();
        let same_year = first.year() == last.year();
        match (self, same_month, same_year) {
            (Self::En, true, _) => format!(
                "{}–{} {} {}",
                first.day(),
                last.day(),
                self.month(last.month()),
                last.year()
            ),
            (Self::En, false, true) => format!(
                "{} {} – {} {} {}",
                first.day(),
                self.month(first.month()),
                last.day(),
                self.month(last.month()),
                last.year()
            ),
            (Self::En, false, false) => format!(
                "{} {} {} – {} {} {}",
                first.day(),
                self.month(first.month()),
                first.year(),
                last.day(),
                self.month(last.month()),
                last.year()
            ),
            (Self::De, true, _) => format!(
                "{}.–{}. {} {}",
                first.day(),
                last.day(),
                self.month(last.month()),
                last.year()
            ),
            (Self::De, false, true) => format!(
                "{}. {} – {}. {} {}",
                first.day(),
                self.month(first.month()),
                last.day(),
                self.month(last.month()),
                last.year()
            ),
            (Self::De, false, false) => format!(
                "{}. {} {} – {}. {} {}",
                first.day(),
                self.month(first.month()),
                first.year(),
                last.day(),
                self.month(last.month()),
                last.year()
            ),
        }
    }

    /// One of the summary's fixed phrases.
    pub fn phrase(self, key: &str) -> &'static str {
        let (en, de) = match key {
            "title" => ("Your week", "Deine Woche"),
            "income" => ("Income", "Einnahmen"),
            "spending" => ("Spending", "Ausgaben"),
            "net" => ("Net", "Saldo"),
            "vs_previous" => ("vs. week before", "ggü. Vorwoche"),
            "vs_average" => ("vs. 4-week average", "ggü. 4-Wochen-Schnitt"),
            "top_categories" => ("Where the money went", "Wohin das Geld ging"),
            "by_day" => ("Spending per day", "Ausgaben pro Tag"),
            "budgets" => ("Budgets", "Budgets"),
            "biggest" => ("Biggest payments", "Größte Zahlungen"),
            "bills_due" => ("Due in the next 7 days", "Fällig in den nächsten 7 Tagen"),
            "new_subscriptions" => ("New subscriptions", "Neue Abos"),
            "price_increases" => ("Price increases", "Preiserhöhungen"),
            "anomalies" => ("Unusual", "Ungewöhnlich"),
            "insight" => ("Worth knowing", "Gut zu wissen"),
            "review" => ("To review", "Zu prüfen"),
            "review_link" => ("Review them", "Jetzt prüfen"),
            "dashboard" => ("Open your dashboard", "Zum Dashboard"),
            "uncategorized" => ("Uncategorized", "Ohne Kategorie"),
            "quiet" => (
                "Nothing was booked last week. Enjoy the calm — your summary will be back when money moves again.",
                "Letzte Woche wurde nichts gebucht. Genieß die Ruhe — die Übersicht kommt wieder, sobald sich etwas bewegt.",
            ),
            "why" => (
                "You get this e-mail because the weekly summary is on.",
                "Du bekommst diese E-Mail, weil die Wochenübersicht eingeschaltet ist.",
            ),
            "alert_why" => (
                "You get this e-mail because e-mail alerts are on for this kind of notification.",
                "Du bekommst diese E-Mail, weil E-Mail-Benachrichtigungen für diese Art eingeschaltet sind.",
            ),
            "preferences" => ("E-mail settings", "E-Mail-Einstellungen"),
            "unsubscribe" => ("Unsubscribe", "Abbestellen"),
            "notifications" => ("Notifications", "Benachrichtigungen"),
            _ => ("", ""),
        };
        match self {
            Self::En => en,
            Self::De => de,
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_and_changes_in_each_language() {
        let (en, de) = (Lang::of("en-GB"), Lang::of("de-AT"));
        assert_eq!(en.day(day("2026-11-23")), "Mon 23 Nov");
        assert_eq!(de.day(day("2026-11-23")), "Mo 23.11.");
        assert_eq!(
            en.range(day("2026-11-23"), day("2026-11-29")),
            "23–29 November 2026"
        );
        assert_eq!(
            de.range(day("2026-11-23"), day("2026-11-29")),
            "23.–29. November 2026"
        );
        assert_eq!(
            en.range(day("2026-12-28"), day("2027-01-03")),
            "28 December 2026 – 3 January 2027"
        );
        assert_eq!(en.change(dec!(150), dec!(100)).as_deref(), Some("+50%"));
        assert_eq!(de.change(dec!(50), dec!(100)).as_deref(), Some("−50 %"));
        assert_eq!(en.change(dec!(5), dec!(0)), None);
        assert_eq!(de.money(dec!(-1234.5), "EUR"), "-1.234,50 EUR");
        assert_eq!(en.difference(dec!(5050), "EUR"), "+5,050.00 EUR");
        assert_eq!(de.difference(dec!(-12), "EUR"), "−12,00 EUR");
        assert_eq!(en.difference(dec!(0.001), "EUR"), "±0.00 EUR");
    }
}
