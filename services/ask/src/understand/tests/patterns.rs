//! Anomalies and insights: "lately" is the last 30 days, otherwise every stored one; the
//! kind asked ("unusually large", "spiked", "more than usual", "price increase alerts").

use super::*;

fn reads(question: &str, previous: Option<&Intent>) -> Intent {
    understand(question, &demo(), sunday(), previous).intent
}

#[test]
fn lately_is_the_last_30_days_otherwise_everything_stored() {
    for question in [
        "anything odd recently?",
        "ungewöhnliche Ausgaben in letzter Zeit",
        "des dépenses inhabituelles ces derniers temps",
    ] {
        let intent = reads(question, None);
        assert_eq!(intent.ask, Ask::Anomalies, "{question}");
        let p = intent.period.expect(question);
        assert_eq!(
            (p.start.to_string(), p.end.to_string()),
            ("2026-11-07".into(), "2026-12-06".into()),
            "{question}"
        );
    }
    for question in ["any anomalies?", "¿hay gastos inusuales?"] {
        let intent = reads(question, None);
        assert_eq!(intent.ask, Ask::Anomalies, "{question}");
        assert_eq!(intent.period, None, "{question}");
    }
}

#[test]
fn the_kind_of_anomaly_or_insight_asked() {
    let cases: &[(&str, Ask, PatternKind)] = &[
        (
            "were there unusually big purchases",
            Ask::Anomalies,
            PatternKind::Large,
        ),
        (
            "ci sono acquisti insolitamente alti?",
            Ask::Anomalies,
            PatternKind::Large,
        ),
        (
            "which categories jumped last month",
            Ask::Anomalies,
            PatternKind::Spike,
        ),
        (
            "welche Kategorien sind explodiert",
            Ask::Anomalies,
            PatternKind::Spike,
        ),
        (
            "where am I spending more than usual",
            Ask::Insights,
            PatternKind::AboveUsual,
        ),
        (
            "¿en qué gasto más de lo normal?",
            Ask::Insights,
            PatternKind::AboveUsual,
        ),
        (
            "any price alerts?",
            Ask::Insights,
            PatternKind::PriceIncrease,
        ),
    ];
    for (question, ask, kind) in cases {
        let intent = reads(question, None);
        assert_eq!(&intent.ask, ask, "{question}");
        assert_eq!(intent.kind, Some(*kind), "{question}");
    }
}

#[test]
fn where_after_unusual_purchases_names_them() {
    let large = reads("any unusually large purchases?", None);
    let at = reads("where were they?", Some(&large));
    assert_eq!(at.ask, Ask::Anomalies);
    assert_eq!(at.kind, Some(PatternKind::Large));
    assert!(at.names_asked);
}

#[test]
fn categories_of_anomalies_are_named() {
    for question in [
        "¿qué categorías se dispararon este mes?",
        "Kategorien mit ungewöhnlichen Ausgaben",
    ] {
        let intent = reads(question, None);
        assert_eq!(intent.ask, Ask::Anomalies, "{question}");
        assert!(intent.names_asked, "{question}");
        assert_eq!(intent.group_by, None, "{question}");
    }
}
