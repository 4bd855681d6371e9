//! `kakeibo bank …` given what does not exist or does not fit: one line on stderr naming
//! the problem, exit code 1, and nothing written.

use uuid::Uuid;

use super::{Bank, EMAIL};
use crate::assert_one_line_error;

#[tokio::test]
async fn bad_input_is_one_line_and_exit_code_1() {
    let bank = Bank::new(&[]).await;
    let run = |args: &'static [&'static str]| bank.run(args);
    assert_one_line_error(
        &run(&["bank", "connect", "nope", "--user", EMAIL]).await,
        &["provider \"nope\" is not available"],
    );
    // Plaid has no keys in this configuration.
    assert_one_line_error(
        &run(&["bank", "connect", "plaid", "--user", EMAIL]).await,
        &["provider \"plaid\" is not available"],
    );
    for args in [
        &["bank", "connect", "demo", "--user", "nobody@example.com"][..],
        &["bank", "list", "--user", "nobody@example.com"],
    ] {
        assert_one_line_error(
            &bank.run(args).await,
            &["there is no user nobody@example.com"],
        );
    }
    let missing = Uuid::new_v4().to_string();
    assert_one_line_error(
        &bank
            .run(&["bank", "complete", &missing, "--token", "x"])
            .await,
        &["there is no connection", &missing],
    );
    assert_one_line_error(
        &bank.run(&["bank", "sync", &missing]).await,
        &[&missing, "no such connection"],
    );
    assert_one_line_error(
        &run(&["bank", "sync"]).await,
        &["name a connection, or pass --due"],
    );

    // A pasted token that is not a setup token: refused, and the connection stays pending.
    let (id, _) = bank.connect("simplefin").await;
    let id = id.to_string();
    assert_one_line_error(
        &bank
            .run(&["bank", "complete", &id, "--token", "not a token!"])
            .await,
        &["not a SimpleFIN setup token"],
    );
    let list = bank.list().await;
    assert!(
        list.contains(&format!("{id}\tsimplefin\tSimpleFIN Bridge\tpending\t")),
        "{list}"
    );
    assert_eq!(bank.count("accounts").await, 0);
}
