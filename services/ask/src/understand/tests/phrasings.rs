//! Phrasings added from the evaluation's misses, each with another of the same kind: monthly
//! averages said with an adjective, net cash flow, "the month before" after a follow-up's
//! opening words, and the last quarter said the French way round.

use super::*;

fn reads(question: &str, ask: Ask, period: Option<(&str, &str)>) -> Intent {
    let u = understand(question, &demo(), sunday(), None);
    assert_eq!(u.intent.ask, ask, "{question}");
    if let Some((start, end)) = period {
        let p = u.intent.period.as_ref().expect(question);
        assert_eq!((p.start.to_string().as_str(), p.end.to_string().as_str()), (start, end), "{question}");
    }
    u.intent
}

#[test]
fn monthly_averages_said_with_an_adjective() {
    for question in [
        "ma moyenne mensuelle de dépenses sur les 3 derniers mois",
        "dépense moyenne mensuelle en courses",
        "promedio mensual en cafeterías en los últimos 6 meses",
        "gasto medio mensual en restaurantes",
        "media mensile per il carburante negli ultimi 12 mesi",
        "media mensile delle uscite per i ristoranti",
    ] {
        let intent = reads(question, Ask::Spending, None);
        assert_eq!(intent.average_per, Some(AverageUnit::Month), "{question}");
    }
}

#[test]
fn net_cash_flow_and_income_minus_spending() {
    let year = Some(("2026-01-01", "2026-12-06"));
    reads("what's my net cash flow this year", Ask::CashFlow, year);
    reads("income minus expenses this year", Ask::CashFlow, year);
    reads("Einnahmen minus Ausgaben im letzten Quartal", Ask::CashFlow, Some(("2026-07-01", "2026-09-30")));
    reads("flux de trésorerie net des 3 derniers mois", Ask::CashFlow, Some(("2026-09-07", "2026-12-06")));
    reads("revenus moins dépenses cette année", Ask::CashFlow, year);
    reads("flujo de caja neto este año", Ask::CashFlow, year);
    reads("ingresos menos gastos este año", Ask::CashFlow, year);
    reads("flusso di cassa netto quest'anno", Ask::CashFlow, year);
}

#[test]
fn the_last_quarter_and_the_month_before_the_french_way() {
    let q3 = Some(("2026-07-01", "2026-09-30"));
    reads("mes revenus du dernier trimestre", Ask::Income, q3);
    reads("dépenses du dernier trimestre", Ask::Spending, q3);
    let previous = understand("combien en courses le mois dernier", &demo(), sunday(), None).intent;
    for question in ["et le mois d'avant ?", "et le mois précédent ?"] {
        let u = understand(question, &demo(), sunday(), Some(&previous));
        let p = u.intent.period.as_ref().expect(question);
        assert_eq!((p.start.to_string(), p.end.to_string()), ("2026-10-01".into(), "2026-10-31".into()), "{question}");
    }
}

#[test]
fn asides_change_nothing_and_number_of_counts() {
    reads("number of amazon orders last year", Ask::Count, Some(("2025-01-01", "2025-12-31")));
    reads("number of taxi rides this month", Ask::Count, Some(("2026-12-01", "2026-12-06")));
    reads("Anything unusual in my spending lately?", Ask::Anomalies, None);
    reads("anything odd recently?", Ask::Anomalies, None);
    reads("Wie viel ist noch im Lebensmittel-Budget übrig?", Ask::Budgets, None);
    reads("Hast du Hinweise zu meinen Finanzen?", Ask::Insights, None);
    reads("Gab es kürzlich ungewöhnliche Ausgaben?", Ask::Anomalies, None);
    reads("¿cuántos gastos de más de 100 € tuve el mes pasado?", Ask::Count, Some(("2026-11-01", "2026-11-30")));
    reads("ingresos totales este año", Ask::Income, Some(("2026-01-01", "2026-12-06")));
    reads("quanti caffè ho preso il mese scorso", Ask::Count, Some(("2026-11-01", "2026-11-30")));
    reads("ci sono spese insolite di recente?", Ask::Anomalies, None);
    reads("y a-t-il des dépenses inhabituelles récemment ?", Ask::Anomalies, None);
}

#[test]
fn how_many_subscriptions_counts_the_subscriptions() {
    let list = Ask::Recurring { view: RecurringView::List };
    reads("How many subscriptions and recurring payments do I have?", list.clone(), None);
    reads("Wie viele Abos habe ich?", list.clone(), None);
    reads("¿cuántas suscripciones tengo?", list.clone(), None);
    reads("quanti abbonamenti ho?", list, None);
    reads(
        "how many recurring payments are coming up in the next 2 weeks",
        Ask::Recurring { view: RecurringView::Upcoming { days: 14 } },
        None,
    );
    reads("how many unusual purchases?", Ask::Anomalies, None);
    // Transactions are still counted as such.
    reads("how many times did I go to Starbucks this year", Ask::Count, None);
}

#[test]
fn how_many_subscription_payments_in_a_period_counts_rows() {
    let intent = reads("how many subscription payments last month", Ask::Count, Some(("2026-11-01", "2026-11-30")));
    assert_eq!(intent.filters.categories.first().map(|c| c.name.as_str()), Some("Subscriptions"));
}

#[test]
fn spending_to_come_is_a_forecast_of_spending() {
    for question in [
        "How much will I spend in the next 30 days?",
        "how much am I going to spend in the next 60 days",
        "Wie viel werde ich in den nächsten 30 Tagen voraussichtlich ausgeben?",
        "¿cuánto gastaré en los próximos 60 días?",
        "combien vais-je dépenser dans les 30 prochains jours ?",
    ] {
        let intent = reads(question, Ask::Forecast, None);
        assert_eq!(intent.forecast_of, Some(ForecastOf::Spending), "{question}");
    }
    for question in [
        "what's my projected net cash flow for the next 60 days",
        "previsione del flusso di cassa netto nei prossimi 30 giorni",
    ] {
        let intent = reads(question, Ask::Forecast, None);
        assert_eq!(intent.forecast_of, Some(ForecastOf::Net), "{question}");
    }
    let intent = reads("forecast for the end of the month", Ask::Forecast, None);
    assert_eq!(intent.forecast_of, None);
}

#[test]
fn a_forecasts_horizon_and_its_follow_up() {
    let intent = reads("¿cuánto gastaré en los próximos 60 días?", Ask::Forecast, Some(("2026-12-06", "2027-02-04")));
    let u = understand("and in the next 90 days?", &demo(), sunday(), Some(&intent));
    assert_eq!(u.intent.ask, Ask::Forecast);
    assert_eq!(u.intent.forecast_of, Some(ForecastOf::Spending));
    assert_eq!(u.intent.period.as_ref().map(|p| p.end.to_string()), Some("2027-03-06".into()));
}

#[test]
fn what_was_spent_of_a_budget() {
    for question in [
        "how much of my grocery budget have i used this month",
        "how much of the travel budget have I spent this year",
        "combien j'ai dépensé de mon budget voyages cette année",
        "wie viel vom Budget für Reisen habe ich verbraucht",
        "cuánto he gastado del presupuesto de viajes",
        "quanto ho usato del budget viaggi",
    ] {
        let intent = reads(question, Ask::Budgets, None);
        assert!(intent.budget_spent, "{question}");
    }
    let intent = reads("how much is left in my groceries budget", Ask::Budgets, None);
    assert!(!intent.budget_spent);
}

#[test]
fn net_worth_converted_into_the_currency_named() {
    for question in [
        "what's my net worth in euros, dollars converted",
        "wie hoch ist mein vermögen insgesamt in euro umgerechnet",
        "mi patrimonio neto total en euros (convirtiendo los dólares)",
        "my net worth in dollars, euros converted",
    ] {
        let intent = reads(question, Ask::NetWorth, None);
        assert!(intent.currency.is_some(), "{question}");
    }
}

#[test]
fn which_asks_for_names() {
    for question in [
        "which bills are due in the next 7 days",
        "welche zahlungen kommen in den nächsten 7 tagen",
        "quels prélèvements sont prévus dans les 7 prochains jours ?",
        "quali pagamenti sono in scadenza nei prossimi 7 giorni",
    ] {
        let intent = reads(question, Ask::Recurring { view: RecurringView::Upcoming { days: 7 } }, None);
        assert!(intent.names_asked, "{question}");
    }
    let intent = reads("how many recurring payments are coming up in the next 2 weeks", Ask::Recurring { view: RecurringView::Upcoming { days: 14 } }, None);
    assert!(!intent.names_asked);
}

#[test]
fn what_is_owed_is_a_balance_said_as_a_debt() {
    for question in [
        "how much do i owe on my credit card",
        "Kreditkartenschulden aktuell",
        "wie viel schulde ich auf der Kreditkarte",
        "quanto devo sulla carta di credito",
        "¿cuánto debo en la tarjeta de crédito?",
    ] {
        let intent = reads(question, Ask::Balances, None);
        assert!(intent.owed, "{question}");
        assert_eq!(intent.filters.accounts.first().map(|a| a.name.as_str()), Some("Visa Credit Card"), "{question}");
    }
}

#[test]
fn how_many_of_the_most_beside_a_superlative() {
    for (question, by) in [
        ("Where do I spend the most money? top 3 merchants in the last 3 months", GroupBy::Merchant),
        ("los 3 comercios donde más gasté en los últimos 3 meses", GroupBy::Merchant),
        ("i 3 negozi dove spendo di più quest'anno", GroupBy::Merchant),
        ("the 4 merchants where I spent the most this year", GroupBy::Merchant),
        ("las 3 categorías donde más gasté este año", GroupBy::Category),
    ] {
        let intent = reads(question, Ask::Spending, None);
        assert_eq!(intent.group_by, Some(by), "{question}");
        assert!(matches!(intent.limit, Some(3 | 4)), "{question}: {:?}", intent.limit);
    }
}
