//! Prints each line of a file normalized: `cargo run -p kakeibo-categorizer --example
//! normalize_file FILE` (to eyeball what the embedder and the history see).
fn main() -> std::io::Result<()> {
    let path = std::env::args().nth(1).expect("usage: normalize_file FILE");
    for line in std::fs::read_to_string(path)?.lines() {
        println!(
            "{line}\t{}",
            kakeibo_categorizer::normalize::normalize_merchant(line)
        );
    }
    Ok(())
}
