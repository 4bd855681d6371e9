//! Questions whose answer is a percentage: a savings rate, a budget's or a goal's share, in
//! the five languages and in other phrasings of the same kind.

use super::*;

fn asks_percent(question: &str, ask: Ask) {
    let u = understand(question, &demo(), sunday(), None);
    assert_eq!(u.intent.ask, ask, "{question}");
    assert!(u.intent.percent, "{question}: not read as a percentage");
}

#[test]
fn savings_rates_and_shares_ask_for_a_percentage() {
    asks_percent("what was my savings rate last month", Ask::CashFlow);
    asks_percent("savings rate over the last 3 months?", Ask::CashFlow);
    asks_percent("my savings rate this year", Ask::CashFlow);
    asks_percent("sparquote letztes jahr", Ask::CashFlow);
    asks_percent("Wie hoch war meine Sparquote im Oktober?", Ask::CashFlow);
    asks_percent("mon taux d'épargne l'année dernière", Ask::CashFlow);
    asks_percent("tasa de ahorro del mes pasado", Ask::CashFlow);
    asks_percent("il mio tasso di risparmio negli ultimi 3 mesi", Ask::CashFlow);
    asks_percent("budget in percent", Ask::Budgets);
    asks_percent("wie viel prozent vom budget", Ask::Budgets);
}

#[test]
fn amounts_are_not_percentages() {
    for question in [
        "how much did I save last month",
        "wie viel habe ich letzten Monat gespart",
        "combien il me reste dans le budget",
    ] {
        let u = understand(question, &demo(), sunday(), None);
        assert!(!u.intent.percent, "{question}");
    }
}
