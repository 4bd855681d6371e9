//! Recurring payments named by merchant or category: what one costs, when it is next due,
//! what is due in all, which ended.

use super::*;

fn reads(question: &str) -> Intent {
    understand(question, &demo(), sunday(), None).intent
}

#[test]
fn what_a_named_recurring_payment_costs() {
    for (question, merchant) in [
        ("what does my spotify subscription cost", Some("Spotify")),
        ("was kostet Netflix", Some("Netflix")),
        ("combien me coûte mon abonnement Dropbox", Some("Dropbox")),
        ("¿cuánto cuesta la suscripción de Netflix?", Some("Netflix")),
        ("quanto pago per la palestra", None),
    ] {
        let intent = reads(question);
        assert_eq!(
            intent.ask,
            Ask::Recurring {
                view: RecurringView::List
            },
            "{question}"
        );
        assert_eq!(intent.figure, Some(FigureAsked::Amount), "{question}");
        assert_eq!(
            intent.filters.merchants.first().map(String::as_str),
            merchant,
            "{question}"
        );
    }
    // With a period it is what was spent.
    assert_eq!(
        reads("what did netflix cost me last year").ask,
        Ask::Spending
    );
}

#[test]
fn when_a_named_payment_is_next_due() {
    for question in [
        "when is my next spotify payment",
        "wann wird die Miete das nächste Mal abgebucht",
        "quand est le prochain prélèvement de Netflix",
        "¿cuándo es el próximo cargo de Spotify?",
        "quando arriva il prossimo addebito dell'affitto",
    ] {
        let intent = reads(question);
        assert!(
            matches!(intent.ask, Ask::Recurring { .. }),
            "{question}: {intent:?}"
        );
        assert_eq!(intent.figure, Some(FigureAsked::When), "{question}");
    }
}

#[test]
fn what_is_due_in_all_and_what_ended() {
    for question in [
        "how much will my bills take out in the next 2 weeks",
        "total des prélèvements prévus dans les 14 prochains jours",
    ] {
        let intent = reads(question);
        assert_eq!(
            intent.ask,
            Ask::Recurring {
                view: RecurringView::Upcoming { days: 14 }
            },
            "{question}"
        );
        assert_eq!(intent.figure, Some(FigureAsked::Amount), "{question}");
    }
    for question in [
        "which subscriptions did I cancel? the ended ones",
        "welche Abos habe ich gekündigt",
        "qué suscripciones he cancelado",
        "quali abbonamenti ho disdetto",
    ] {
        assert_eq!(
            reads(question).ask,
            Ask::Recurring {
                view: RecurringView::Ended
            },
            "{question}"
        );
    }
}

#[test]
fn memberships_renewals_and_what_one_charges_a_month() {
    let intent = reads("when does my gym membership renew");
    assert!(matches!(intent.ask, Ask::Recurring { .. }));
    assert_eq!(intent.figure, Some(FigureAsked::When));
    let intent = reads("how much does Spotify charge me per month");
    assert_eq!(
        intent.ask,
        Ask::Recurring {
            view: RecurringView::MonthlyTotal
        }
    );
    assert_eq!(intent.filters.merchants, ["Spotify"]);
    assert_eq!(
        reads("what subscriptions am I paying for").ask,
        Ask::Recurring {
            view: RecurringView::List
        }
    );
    let intent = reads("¿cuándo vence mi próximo pago de Netflix?");
    assert_eq!(intent.figure, Some(FigureAsked::When));
}

#[test]
fn a_monthly_income_named_is_what_the_recurring_income_brings() {
    for question in [
        "how much is my monthly salary",
        "wie hoch ist mein monatliches Gehalt",
        "quanto è il mio stipendio mensile",
    ] {
        let intent = reads(question);
        assert_eq!(
            intent.ask,
            Ask::Recurring {
                view: RecurringView::List
            },
            "{question}"
        );
        assert_eq!(intent.figure, Some(FigureAsked::Amount), "{question}");
    }
    // With a period it is what came in then.
    assert_eq!(reads("my monthly salary last year").ask, Ask::Income);
}
