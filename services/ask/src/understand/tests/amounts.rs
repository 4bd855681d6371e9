//! An amount written with its currency ("over 100 €") puts the question in that currency.

use super::*;

#[test]
fn an_amounts_currency_is_the_questions() {
    for (question, code) in [
        ("how many expenses above 50 eur this year", "EUR"),
        ("how many purchases over 100 € last month?", "EUR"),
        (
            "Wie viele Ausgaben über 100 € hatte ich dieses Jahr?",
            "EUR",
        ),
        ("quante spese sopra i 100 euro quest'anno", "EUR"),
        ("transactions over $20 last week", "USD"),
        ("purchases between 10 and 20 dollars this month", "USD"),
    ] {
        let u = understand(question, &demo(), sunday(), None);
        assert_eq!(
            u.intent.currency.as_deref(),
            Some(code),
            "{question}: {:?}",
            u.intent
        );
        assert!(u.intent.filters.amount_over.is_some(), "{question}");
    }
    let u = understand("transactions over 100 last month", &demo(), sunday(), None);
    assert_eq!(u.intent.currency, None);
}
