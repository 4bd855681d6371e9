//! Phrasings added from the evaluation's misses, each with another of its kind: typos of
//! known words, "than the month before", differences between two periods, "which shop …
//! most", counts of everything, totals over an amount, superlatives after a noun.

use super::*;

fn reads(question: &str) -> String {
    summary(&understand(question, &demo(), sunday(), None).intent)
}

#[test]
fn a_typo_of_one_known_word_reads_as_that_word() {
    assert_eq!(
        reads("how much did i spend on restaurants last mnth"),
        "spending 2026-11-01..2026-11-30 cat=Restaurants"
    );
    assert_eq!(
        reads("wie viel hab ich letzte woche ausgegebn"),
        "spending 2026-11-23..2026-11-29"
    );
    assert_eq!(
        reads("cuanto gaste en supermercdo este mes"),
        "spending 2026-12-01..2026-12-06 cat=Groceries"
    );
    // Numbers written as words are not typos of anything ("three" is not "there").
    assert_eq!(
        reads("coffee over the last three months"),
        "spending 2026-09-07..2026-12-06 cat=Coffee Shops"
    );
}

#[test]
fn than_the_period_before_compares_with_it() {
    for (question, start) in [
        (
            "how much more did I spend on coffee last month than the month before",
            "2026-11-01",
        ),
        (
            "wie viel mehr habe ich letzte Woche ausgegeben als in der Woche davor",
            "2026-11-23",
        ),
        (
            "¿cuánto más gasté el mes pasado que el anterior?",
            "2026-11-01",
        ),
    ] {
        let got = reads(question);
        assert!(
            got.contains(&format!("spending {start}")),
            "{question}: {got}"
        );
        assert!(got.contains("cmp=previous_period"), "{question}: {got}");
    }
    assert_eq!(
        reads("quanto ho speso in più oggi rispetto alla settimana scorsa"),
        "spending 2026-12-06..2026-12-06 cmp=named:2026-11-23..2026-11-29"
    );
    assert_eq!(
        reads("difference in coffee spending between this month and last month"),
        "spending 2026-12-01..2026-12-06 cat=Coffee Shops cmp=previous_period:2026-11-01..2026-11-30,diff"
    );
}

#[test]
fn how_much_less_is_the_difference_the_other_way_round() {
    assert_eq!(
        reads("how much less did I spend on coffee this month than last month"),
        "spending 2026-12-01..2026-12-06 cat=Coffee Shops cmp=previous_period:2026-11-01..2026-11-30,diff,less"
    );
    assert_eq!(
        reads("¿cuánto menos gasté en restaurantes este año que el año pasado?"),
        "spending 2026-01-01..2026-12-06 cat=Restaurants cmp=previous_period:2025-01-01..2025-12-31,diff,less"
    );
    // Savings compared: the other period is a second cash flow.
    assert_eq!(
        reads("did I save more this month than last month"),
        "cash_flow 2026-12-01..2026-12-06 cmp=previous_period:2026-11-01..2026-11-30"
    );
}

#[test]
fn which_shop_of_a_category_most_groups_by_merchant() {
    assert_eq!(
        reads("which restaurant did i spend the most at last year"),
        "spending 2025-01-01..2025-12-31 cat=Restaurants by=merchant sort=amount-desc top=1"
    );
    assert_eq!(
        reads("quel supermarché m'a coûté le plus cette année"),
        "spending 2026-01-01..2026-12-06 cat=Groceries by=merchant sort=amount-desc top=1"
    );
}

#[test]
fn counts_totals_and_superlatives_after_a_noun() {
    // Every transaction, and money out over an amount counted or summed.
    assert_eq!(
        reads("how many transactions this week"),
        "count 2026-11-30..2026-12-06"
    );
    assert_eq!(
        reads("combien de paiements de plus de 50 euros ce mois-ci"),
        "count 2026-12-01..2026-12-06 >50 in=EUR"
    );
    assert_eq!(
        reads("total spending over 300 euros this year"),
        "transactions 2026-01-01..2026-12-06 >300 in=EUR"
    );
    // "la spesa più grande" is the biggest expense; "la compra más cara" the dearest one.
    assert_eq!(
        reads("la spesa più grande di quest'anno"),
        "transactions 2026-01-01..2026-12-06 sort=amount-desc top=1"
    );
    assert_eq!(
        reads("la compra más cara en Zalando este año"),
        "transactions 2026-01-01..2026-12-06 m=Zalando sort=amount-desc top=1"
    );
    // A subscription word beside a category and a period: spending in that category.
    assert_eq!(
        reads("my streaming subscriptions in the last 3 months"),
        "spending 2026-09-07..2026-12-06 cat=Streaming"
    );
}

#[test]
fn the_biggest_with_no_currency_said_ranks_each_currency_on_its_own() {
    let vocabulary = demo();
    for question in [
        "my biggest restaurant bill last year",
        "teuerster Restaurantbesuch dieses Jahr",
        "mes 3 plus grosses dépenses cette année",
    ] {
        let intent = understand(question, &vocabulary, sunday(), None).intent;
        assert_eq!(intent.ask, Ask::Transactions, "{question}");
        assert_eq!(intent.ranked_currencies, ["EUR", "USD"], "{question}");
    }
    // A currency said is the one ranked.
    let intent = understand(
        "my biggest expense in dollars this year",
        &vocabulary,
        sunday(),
        None,
    )
    .intent;
    assert!(intent.ranked_currencies.is_empty());
    assert_eq!(intent.currency.as_deref(), Some("USD"));
}

#[test]
fn a_balance_at_the_end_of_a_period_is_of_its_last_day() {
    for (question, ask) in [
        (
            "what was my savings balance at the end of last month",
            Ask::Balances,
        ),
        (
            "Kontostand Girokonto am Ende des letzten Jahres",
            Ask::Balances,
        ),
        (
            "solde du compte courant à la fin de l'année dernière",
            Ask::Balances,
        ),
        ("mi patrimonio al final del año pasado", Ask::NetWorth),
        (
            "il mio patrimonio netto alla fine del mese scorso",
            Ask::NetWorth,
        ),
    ] {
        let intent = understand(question, &demo(), sunday(), None).intent;
        assert_eq!(intent.ask, ask, "{question}");
        let end = intent.period.expect(question).end.to_string();
        assert!(
            end == "2026-11-30" || end == "2025-12-31",
            "{question}: {end}"
        );
    }
}

#[test]
fn forecasts_in_n_days_the_most_recent_and_higher_than() {
    assert_eq!(
        reads("how much will I have in 60 days"),
        "forecast 2026-12-06..2027-02-04"
    );
    assert_eq!(
        reads("my projected balance in 2 weeks"),
        "forecast 2026-12-06..2026-12-20"
    );
    assert_eq!(
        reads("my 5 most recent transactions"),
        "transactions sort=date-desc top=5"
    );
    assert_eq!(
        reads("were my restaurant costs lower last month than the month before"),
        "spending 2026-11-01..2026-11-30 cat=Restaurants cmp=previous_period:2026-10-01..2026-10-31"
    );
}

#[test]
fn the_future_tense_of_a_balance_is_a_forecast_over_the_days_said() {
    assert_eq!(
        reads("quel sera mon solde dans 60 jours"),
        "forecast 2026-12-06..2027-02-04"
    );
    assert_eq!(
        reads("¿cuál será mi saldo en 90 días?"),
        "forecast 2026-12-06..2027-03-06"
    );
    assert_eq!(
        reads("quale sarà il mio saldo tra 30 giorni?"),
        "forecast 2026-12-06..2027-01-05"
    );
    assert_eq!(
        reads("was prognostizierst du für meinen Kontostand in 30 Tagen"),
        "forecast 2026-12-06..2027-01-05"
    );
    // "Je paie" is paying, not a pay slip.
    assert_eq!(
        reads("combien je paie par mois pour mes abonnements"),
        "recurring:monthly"
    );
}

#[test]
fn eating_out_this_years_and_the_highest_expense() {
    assert_eq!(
        reads("how often did I eat out last month"),
        "count 2026-11-01..2026-11-30 cat=Restaurants"
    );
    assert_eq!(
        reads("ma plus grosse dépense de l'année"),
        "transactions 2026-01-01..2026-12-06 sort=amount-desc top=1"
    );
    assert_eq!(
        reads("mes dépenses de l'année dernière"),
        "spending 2025-01-01..2025-12-31"
    );
    assert_eq!(
        reads("la mia spesa più alta di ottobre"),
        "transactions 2026-10-01..2026-10-31 sort=amount-desc top=1"
    );
}

#[test]
fn a_change_between_a_period_and_the_one_before() {
    assert_eq!(
        reads(
            "de combien mes dépenses de restaurants ont changé entre le mois dernier et le mois d'avant"
        ),
        "spending 2026-11-01..2026-11-30 cat=Restaurants cmp=previous_period:2026-10-01..2026-10-31,diff"
    );
    assert_eq!(
        reads("difference in coffee spending between last month and the month before"),
        "spending 2026-11-01..2026-11-30 cat=Coffee Shops cmp=previous_period:2026-10-01..2026-10-31,diff"
    );
}
