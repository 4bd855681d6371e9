use super::*;
#[test]
#[ignore]
fn scratch() {
    let v = demo();
    let chain = std::env::var("CHAIN").is_ok();
    let mut previous: Option<Intent> = None;
    for q in std::env::var("QS").unwrap_or_default().split('|') {
        let u = understand(
            q,
            &v,
            sunday(),
            if chain { previous.as_ref() } else { None },
        );
        let unknown: Vec<_> = u
            .matched
            .iter()
            .filter(|m| m.role == Role::OutOfScope)
            .map(|m| m.words.clone())
            .collect();
        println!(
            "{:<60} [{}]{} {}  {:?}",
            q,
            u.language.code(),
            if u.follow_up { "+" } else { " " },
            summary(&u.intent),
            unknown
        );
        previous = Some(u.intent);
    }
}
