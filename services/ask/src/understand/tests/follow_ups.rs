//! Follow-ups: each question is read with the previous answer's intent; what the new
//! question says replaces, what it leaves out is kept.

use super::*;

/// Asks the questions in turn, each with the previous intent, and checks each reading.
fn chain(today: NaiveDate, turns: &[(&str, &str)]) {
    let vocabulary = demo();
    let mut previous: Option<Intent> = None;
    let mut failures = Vec::new();
    for (question, expected) in turns {
        let understood = understand(question, &vocabulary, today, previous.as_ref());
        let got = summary(&understood.intent);
        if got != *expected {
            failures.push(format!("{question:?}\n    expected {expected}\n    got      {got}"));
        }
        previous = Some(understood.intent);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn english_chain_changes_period_then_subject_then_ask() {
    chain(sunday(), &[
        ("How much did I spend on groceries last month?", "spending 2026-11-01..2026-11-30 cat=Groceries"),
        ("and the month before?", "spending 2026-10-01..2026-10-31 cat=Groceries"),
        ("what about restaurants?", "spending 2026-10-01..2026-10-31 cat=Restaurants"),
        ("and at Lidl?", "spending 2026-10-01..2026-10-31 m=Lidl"),
        ("how many times?", "count 2026-10-01..2026-10-31 m=Lidl"),
        ("and this year?", "count 2026-01-01..2026-12-06 m=Lidl"),
    ]);
}

#[test]
fn german_chain() {
    chain(sunday(), &[
        ("Wie viel habe ich im November bei Rewe ausgegeben?", "spending 2026-11-01..2026-11-30 m=REWE"),
        ("Und im Oktober?", "spending 2026-10-01..2026-10-31 m=REWE"),
        ("und bei Lidl?", "spending 2026-10-01..2026-10-31 m=Lidl"),
        ("Und der Monat davor?", "spending 2026-09-01..2026-09-30 m=Lidl"),
    ]);
}

#[test]
fn french_spanish_and_italian_chains() {
    chain(sunday(), &[
        ("Combien ai-je dépensé en restaurants ce mois-ci ?", "spending 2026-12-01..2026-12-06 cat=Restaurants"),
        ("Et le mois précédent ?", "spending 2026-11-01..2026-11-30 cat=Restaurants"),
        ("et pour les courses ?", "spending 2026-11-01..2026-11-30 cat=Groceries"),
    ]);
    chain(sunday(), &[
        ("¿Cuánto gasté en Amazon el mes pasado?", "spending 2026-11-01..2026-11-30 m=Amazon"),
        ("¿y el mes anterior?", "spending 2026-10-01..2026-10-31 m=Amazon"),
        ("¿y en Zalando?", "spending 2026-10-01..2026-10-31 m=Zalando"),
    ]);
    chain(sunday(), &[
        ("Quanto ho speso per ristoranti a novembre?", "spending 2026-11-01..2026-11-30 cat=Restaurants"),
        ("e il mese prima?", "spending 2026-10-01..2026-10-31 cat=Restaurants"),
        ("e per la spesa?", "spending 2026-10-01..2026-10-31 cat=Groceries"),
    ]);
}

#[test]
fn a_comparison_follows_the_new_period() {
    chain(sunday(), &[
        ("How much more did I spend on coffee this month than last month?", "spending 2026-12-01..2026-12-06 cat=Coffee Shops cmp=previous_period:2026-11-01..2026-11-30,diff"),
        ("and restaurants?", "spending 2026-12-01..2026-12-06 cat=Restaurants cmp=previous_period:2026-11-01..2026-11-30,diff"),
        ("and in October?", "spending 2026-10-01..2026-10-31 cat=Restaurants cmp=previous_period:2026-09-01..2026-09-30,diff"),
    ]);
}

#[test]
fn the_month_before_crosses_the_year() {
    chain(monday_in_january(), &[
        ("spending in December", "spending 2026-12-01..2026-12-31"),
        ("and the month before?", "spending 2026-11-01..2026-11-30"),
        ("and the year before?", "spending 2025-01-01..2025-12-31"),
    ]);
}

#[test]
fn other_asks_start_afresh() {
    chain(sunday(), &[
        ("How much did I spend at Lidl last month?", "spending 2026-11-01..2026-11-30 m=Lidl"),
        ("What's my balance?", "balances"),
        ("and on the credit card?", "balances acct=Visa Credit Card"),
    ]);
}

#[test]
fn nothing_follows_an_out_of_scope_question() {
    chain(sunday(), &[
        ("What's the weather in Berlin?", "oos:weather"),
        ("and last month?", "oos:not_understood"),
    ]);
}

#[test]
fn without_a_previous_question_a_follow_up_stands_alone() {
    check(sunday(), &[
        ("what about restaurants?", "en", "spending ~2026-12-01..2026-12-06 cat=Restaurants"),
        ("and the month before?", "en", "oos:not_understood"),
        ("Und im Oktober?", "de", "oos:not_understood"),
    ]);
}

#[test]
fn a_follow_up_is_marked() {
    let vocabulary = demo();
    let first = understand("spending at Lidl in November", &vocabulary, sunday(), None);
    assert!(!first.follow_up);
    let second = understand("and in October?", &vocabulary, sunday(), Some(&first.intent));
    assert!(second.follow_up);
    assert_eq!(second.intent.filters.merchants, vec!["Lidl".to_string()]);
}

#[test]
fn filters_and_shaping_carry_over_across_languages() {
    chain(sunday(), &[
        ("Show my transactions at Amazon", "transactions m=Amazon"),
        ("only over 50", "transactions m=Amazon >50"),
        ("the same for Rewe", "transactions m=REWE >50"),
        ("e a novembre?", "transactions 2026-11-01..2026-11-30 m=REWE >50"),
        ("und im August?", "transactions 2026-08-01..2026-08-31 m=REWE >50"),
        ("and the biggest?", "transactions 2026-08-01..2026-08-31 m=REWE >50 sort=amount-desc top=1"),
    ]);
    chain(sunday(), &[
        ("How many times did I go to Lidl last month?", "count 2026-11-01..2026-11-30 m=Lidl"),
        ("What about last year?", "count 2025-01-01..2025-12-31 m=Lidl"),
        ("and by month?", "count 2025-01-01..2025-12-31 m=Lidl by=month"),
    ]);
    chain(sunday(), &[
        ("What's my net worth?", "net_worth"),
        ("and in dollars?", "net_worth in=USD"),
    ]);
}

#[test]
fn a_follow_up_keeps_its_own_language() {
    let vocabulary = demo();
    let first = understand("How much did I spend at Rewe in November?", &vocabulary, sunday(), None);
    for (question, language) in [("und im Oktober?", "de"), ("et en octobre ?", "fr"), ("¿y en octubre?", "es"), ("e a ottobre?", "it")] {
        let understood = understand(question, &vocabulary, sunday(), Some(&first.intent));
        assert_eq!(understood.language.code(), language, "{question}");
        assert_eq!(summary(&understood.intent), "spending 2026-10-01..2026-10-31 m=REWE", "{question}");
    }
}

#[test]
fn a_question_without_telling_words_keeps_the_conversations_language() {
    let vocabulary = demo();
    let first = understand("Wie viel habe ich im November bei Rewe ausgegeben?", &vocabulary, sunday(), None);
    assert_eq!(first.language, Language::De);
    let next = understand_in("Lidl?", &vocabulary, sunday(), Some(&first.intent), Some(first.language));
    assert_eq!((next.language, summary(&next.intent).as_str()), (Language::De, "spending 2026-11-01..2026-11-30 m=Lidl"));
    // Alone, nothing says German.
    assert_eq!(understand("Lidl?", &vocabulary, sunday(), Some(&first.intent)).language, Language::En);
    // Words that do tell win over the conversation's language.
    let french = understand_in("et en octobre ?", &vocabulary, sunday(), Some(&first.intent), Some(Language::De));
    assert_eq!(french.language, Language::Fr);
}
