//! Budgets and savings goals by their names, in the five languages, and which of their
//! figures is asked.

use super::*;

fn reads(question: &str, previous: Option<&Intent>) -> Intent {
    understand(question, &demo(), sunday(), previous).intent
}

#[test]
fn goals_are_named_in_any_language_and_their_figure_is_asked() {
    let cases: &[(&str, Option<&str>, Option<FigureAsked>)] = &[
        (
            "how much is in my emergency fund goal",
            Some("Emergency fund"),
            None,
        ),
        (
            "what have I put aside for the summer holiday? how much saved",
            Some("Summer holiday"),
            None,
        ),
        (
            "Wie viel fehlt noch für den Sommerurlaub?",
            Some("Summer holiday"),
            Some(FigureAsked::Left),
        ),
        (
            "wie viel ist im Notgroschen-Ziel",
            Some("Emergency fund"),
            None,
        ),
        (
            "quand vais-je atteindre mon objectif vacances d'été",
            Some("Summer holiday"),
            Some(FigureAsked::When),
        ),
        (
            "cuánto me falta para el fondo de emergencia",
            Some("Emergency fund"),
            Some(FigureAsked::Left),
        ),
        (
            "quando raggiungerò l'obiettivo vacanze estive",
            Some("Summer holiday"),
            Some(FigureAsked::When),
        ),
        (
            "what is the target amount of the summer holiday goal",
            Some("Summer holiday"),
            Some(FigureAsked::Amount),
        ),
    ];
    for (question, goal, figure) in cases {
        let intent = reads(question, None);
        assert_eq!(intent.ask, Ask::Goals, "{question}");
        assert_eq!(intent.filters.goal.as_deref(), *goal, "{question}");
        assert_eq!(intent.figure, *figure, "{question}");
        assert!(intent.filters.categories.is_empty(), "{question}");
    }
}

#[test]
fn a_goal_word_outside_a_question_about_goals_is_not_understood() {
    // "Summer" names only the goal: in a spending question it is not guessed away.
    let intent = reads("how much did I spend this summer", None);
    assert!(intent.is_out_of_scope());
}

#[test]
fn budgets_by_name_the_overall_one_and_the_figure_asked() {
    let cases: &[(&str, &str, Option<FigureAsked>)] = &[
        (
            "what is left of my overall budget this month",
            "Everything",
            Some(FigureAsked::Left),
        ),
        (
            "Gesamtbudget: wie viel ist übrig?",
            "Everything",
            Some(FigureAsked::Left),
        ),
        (
            "budget global disponible",
            "Everything",
            Some(FigureAsked::Available),
        ),
        ("how much is my annual travel budget", "Travel", None),
        ("il mio budget complessivo", "Everything", None),
        ("Reisebudget", "Travel", None),
    ];
    for (question, budget, figure) in cases {
        let intent = reads(question, None);
        assert_eq!(intent.ask, Ask::Budgets, "{question}");
        assert_eq!(
            intent.filters.budget.as_deref(),
            Some(*budget),
            "{question}"
        );
        assert_eq!(intent.figure, *figure, "{question}");
    }
}

#[test]
fn a_figure_alone_follows_the_goal_or_budget_before() {
    let goal = reads("how much have I saved for the emergency fund", None);
    let more = reads(
        "and how much is still missing? what do i still need",
        Some(&goal),
    );
    assert_eq!(more.ask, Ask::Goals);
    assert_eq!(more.filters.goal.as_deref(), Some("Emergency fund"));
    assert_eq!(more.figure, Some(FigureAsked::Left));
    let left = reads("how much is left in the coffee budget", None);
    let other = reads("und beim Reisebudget?", Some(&left));
    assert_eq!(other.ask, Ask::Budgets);
    assert_eq!(other.figure, Some(FigureAsked::Left));
}

#[test]
fn a_goals_whole_name_or_its_progress_words_ask_about_it() {
    for (question, figure) in [
        ("how close am I to my emergency fund goal?", None),
        ("how far along is the summer holiday savings", None),
        (
            "when will the emergency fund be fully funded",
            Some(FigureAsked::When),
        ),
    ] {
        let intent = reads(question, None);
        assert_eq!(intent.ask, Ask::Goals, "{question}");
        assert!(intent.filters.goal.is_some(), "{question}");
        assert_eq!(intent.figure, figure, "{question}");
    }
}
