use super::*;
#[test]
#[ignore]
fn scratch() {
    let v = demo();
    for q in std::env::var("QS").unwrap().split('|') {
        let u = understand(q, &v, sunday(), None);
        let unknown: Vec<_> = u
            .matched
            .iter()
            .filter(|m| m.role == Role::OutOfScope)
            .map(|m| m.words.clone())
            .collect();
        println!(
            "{:<60} [{}] {}  {:?}",
            q,
            u.language.code(),
            summary(&u.intent),
            unknown
        );
    }
}
