//! The commands' words in the user's language (the buttons' are in `words`).

use crate::words::Words;

impl Words {
    fn pick2(self, en: &'static str, de: &'static str) -> &'static str {
        if self.is_german() { de } else { en }
    }

    /// "this month", "diesen Monat": the period a figure covers, after its name.
    pub fn period_label(self, key: &str) -> &'static str {
        match key {
            "today" => self.pick2("today", "heute"),
            "this week" => self.pick2("this week", "diese Woche"),
            "this year" => self.pick2("this year", "dieses Jahr"),
            _ => self.pick2("this month", "diesen Monat"),
        }
    }

    pub fn transactions(self, count: i64) -> String {
        match (self.is_german(), count) {
            (true, 1) => "1 Buchung".to_owned(),
            (true, n) => format!("{n} Buchungen"),
            (false, 1) => "1 transaction".to_owned(),
            (false, n) => format!("{n} transactions"),
        }
    }

    pub fn summary_usage(self) -> &'static str {
        self.pick2(
            "Use /summary today, /summary week or /summary month.",
            "Schreib /summary today, /summary week oder /summary month.",
        )
    }

    pub fn summary_title(self) -> &'static str {
        self.pick2("Summary", "Übersicht")
    }

    pub fn spent_label(self) -> &'static str {
        self.pick2("Spent", "Ausgaben")
    }

    pub fn income_label(self) -> &'static str {
        self.pick2("Income", "Einnahmen")
    }

    pub fn uncategorized_group(self) -> &'static str {
        self.pick2("Uncategorized", "Ohne Kategorie")
    }

    pub fn by_category(self) -> &'static str {
        self.pick2("By category", "Nach Kategorie")
    }

    pub fn no_budgets(self) -> &'static str {
        self.pick2(
            "You have no budgets yet. Add them in Kakeibo under Budgets.",
            "Du hast noch keine Budgets. Leg sie in Kakeibo unter Budgets an.",
        )
    }

    pub fn budgets_title(self) -> &'static str {
        self.pick2("Budgets", "Budgets")
    }

    /// "90.00 EUR of 400.00 EUR spent, 310.00 EUR left".
    pub fn budget_line(self, spent: &str, available: &str, remaining: &str) -> String {
        if self.is_german() {
            format!("{spent} von {available} ausgegeben, {remaining} übrig")
        } else {
            format!("{spent} of {available} spent, {remaining} left")
        }
    }

    pub fn recent_usage(self, max: usize) -> String {
        if self.is_german() {
            format!("Schreib /recent oder /recent N, mit N von 1 bis {max}.")
        } else {
            format!("Use /recent or /recent N, with N from 1 to {max}.")
        }
    }

    pub fn no_transactions(self) -> &'static str {
        self.pick2("No transactions yet.", "Noch keine Buchungen.")
    }

    pub fn spent_usage(self) -> &'static str {
        self.pick2(
            "Use /spent <category or merchant> [today|week|month|year], e.g. /spent groceries week.",
            "Schreib /spent <Kategorie oder Händler> [today|week|month|year], z. B. /spent Groceries week.",
        )
    }

    /// "Spent on <b>Groceries</b> this month" (`name` already formatted).
    pub fn spent_on(self, name: &str, period: &str) -> String {
        if self.is_german() {
            format!("Ausgaben für {name} {period}")
        } else {
            format!("Spent on {name} {period}")
        }
    }

    pub fn no_accounts(self) -> &'static str {
        self.pick2("You have no accounts yet.", "Du hast noch keine Konten.")
    }

    pub fn balances_title(self) -> &'static str {
        self.pick2("Balances", "Kontostände")
    }

    pub fn total_label(self) -> &'static str {
        self.pick2("Total", "Gesamt")
    }

    pub fn no_recurring(self) -> &'static str {
        self.pick2(
            "No recurring payments found yet.",
            "Noch keine regelmäßigen Zahlungen gefunden.",
        )
    }

    pub fn recurring_title(self) -> &'static str {
        self.pick2("Recurring payments", "Regelmäßige Zahlungen")
    }

    pub fn next_on(self, date: &str) -> String {
        if self.is_german() {
            format!("nächste am {date}")
        } else {
            format!("next {date}")
        }
    }

    pub fn per_month(self) -> &'static str {
        self.pick2("Per month", "Pro Monat")
    }

    /// A recurring payment's cadence ("monthly", "nth_weekday") in words.
    pub fn cadence(self, raw: &str) -> String {
        let key = raw.replace('_', " ");
        match (self.is_german(), key.as_str()) {
            (false, "nth weekday") => "monthly".into(),
            (false, _) => key,
            (true, "weekly") => "wöchentlich".into(),
            (true, "fortnightly") => "alle zwei Wochen".into(),
            (true, "monthly" | "nth weekday") => "monatlich".into(),
            (true, "quarterly") => "vierteljährlich".into(),
            (true, "yearly") => "jährlich".into(),
            (true, _) => key,
        }
    }

    pub fn no_goals(self) -> &'static str {
        self.pick2(
            "You have no savings goals yet.",
            "Du hast noch keine Sparziele.",
        )
    }

    pub fn goals_title(self) -> &'static str {
        self.pick2("Savings goals", "Sparziele")
    }

    /// "110.00 EUR of 100.00 EUR — reached!".
    pub fn goal_line(self, saved: &str, target: &str, reached: bool) -> String {
        let (of, done) = if self.is_german() {
            ("von", " — erreicht!")
        } else {
            ("of", " — reached!")
        };
        format!("{saved} {of} {target}{}", if reached { done } else { "" })
    }

    pub fn unlinked(self) -> &'static str {
        self.pick2(
            "Unlinked: this chat gets no more alerts or answers. Link it again from Kakeibo's Settings → Telegram.",
            "Getrennt: dieser Chat bekommt keine Benachrichtigungen und Antworten mehr. Verbinde ihn wieder in Kakeibo unter Einstellungen → Telegram.",
        )
    }

    pub fn unknown_command(self) -> &'static str {
        self.pick2(
            "I don't know that command. /help lists what I can do.",
            "Diesen Befehl kenne ich nicht. /help zeigt, was ich kann.",
        )
    }

    pub fn help_title(self) -> &'static str {
        self.pick2("What I can do", "Was ich kann")
    }

    /// A command's description for /help; `None`: the English one.
    pub fn command_description(self, command: &str) -> Option<&'static str> {
        if !self.is_german() {
            return None;
        }
        Some(match command {
            "/start" => "diesen Chat verbinden: /start <Code>",
            "/summary" => "Ausgaben und Einnahmen: /summary [today|week|month]",
            "/budget" => "jedes Budget mit seinem Stand",
            "/recent" => "die letzten Buchungen, mit Knöpfen: /recent [n]",
            "/review" => "Buchungen, die noch eine Kategorie brauchen, mit Knöpfen",
            "/spent" => {
                "Ausgaben für eine Kategorie oder einen Händler: /spent <Name> [today|week|month|year]"
            }
            "/balance" => "Kontostände",
            "/subscriptions" => "regelmäßige Zahlungen und Abos",
            "/goals" => "Sparziele",
            "/help" => "was ich kann",
            "/unlink" => "diesen Chat von Kakeibo trennen",
            "/settings" => "welche Benachrichtigungen hierher kommen, und Ruhezeiten",
            _ => return None,
        })
    }

    pub fn help_footer(self) -> &'static str {
        self.pick2(
            "Anything else you write is a question about your money, e.g. “how much did I spend on restaurants last month?” — and follow-ups such as “and the month before?”.",
            "Alles andere, was du schreibst, ist eine Frage zu deinem Geld, z. B. „Wie viel habe ich letzten Monat für Restaurants ausgegeben?“ — auch Nachfragen wie „und im Monat davor?“.",
        )
    }

    pub fn linked(self) -> &'static str {
        self.pick2(
            "Linked: this chat now gets your Kakeibo alerts, and answers about your money.\n\nTry /summary, /budget or /recent, or just ask, e.g. “how much did I spend on groceries this month?”. /help lists everything.",
            "Verbunden: dieser Chat bekommt jetzt deine Kakeibo-Benachrichtigungen und Antworten zu deinem Geld.\n\nProbier /summary, /budget oder /recent, oder frag einfach, z. B. „Wie viel habe ich diesen Monat für Lebensmittel ausgegeben?“. /help zeigt alles.",
        )
    }

    pub fn cannot_take_question(self, problem: &str) -> String {
        if self.is_german() {
            format!("Diese Frage kann ich nicht beantworten: {problem}.")
        } else {
            format!("I can't take that question: {problem}.")
        }
    }
}
