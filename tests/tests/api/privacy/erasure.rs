//! Erasing one of two users: bank access revoked at both providers, nothing of them left in
//! any column of any table nor in the outbox, the other user untouched; a second run changes
//! nothing; a table added later that holds the id is found by the same scan.

use kakeibo_privacy::erase::{Eraser, erase_user};
use kakeibo_privacy::scan::{Hit, Subject, verify_erasure};
use kakeibo_tests::TestApp;
use kakeibo_tests::fake_banks::plaid::{FakeFailure, FakePlaid};

use super::world::{EXPECTED_TABLES, Member, World, link_plaid};

fn subject(member: &Member) -> Subject {
    Subject {
        user_id: member.user.id,
        email: Some(member.user.email.clone()),
        chat_id: Some(member.chat.chat_id),
    }
}

fn places(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.place.as_str()).collect()
}

#[tokio::test]
async fn erasure_leaves_nothing_of_the_user_and_everything_of_the_other() -> anyhow::Result<()> {
    let world = World::start().await?;
    let ana = world
        .user_with_everything("ana.erased@example.com", 700_000_000_123)
        .await?;
    let bob = world
        .user_with_everything("bob.kept@example.com", 700_000_000_456)
        .await?;
    let app = &world.bot.app;
    let outbox = app.settings.email.outbox_dir.clone();

    let ana_rows = world.rows_of(ana.user.id).await?;
    for table in EXPECTED_TABLES {
        assert!(
            ana_rows[*table] > 0,
            "Ana has no {table} rows: {ana_rows:?}"
        );
    }
    let bob_rows = world.rows_of(bob.user.id).await?;
    let before = verify_erasure(&app.db.pool, &subject(&ana), &outbox).await?;
    assert!(places(&before).contains(&"public.users.id"), "{before:?}");
    assert!(
        places(&before).contains(&"public.telegram_links.chat_id"),
        "{before:?}"
    );
    assert!(
        before
            .iter()
            .any(|h| h.place.starts_with(&outbox.display().to_string())),
        "the verification e-mail is in the outbox: {before:?}"
    );
    let bob_before = verify_erasure(&app.db.pool, &subject(&bob), &outbox).await?;

    let export_ids: Vec<uuid::Uuid> =
        sqlx::query_scalar("SELECT id FROM privacy_exports WHERE user_id = $1")
            .bind(ana.user.id)
            .fetch_all(&app.db.pool)
            .await?;
    let export_files: Vec<_> = export_ids
        .iter()
        .map(|id| app.settings.privacy.exports_dir.join(format!("{id}.zip")))
        .collect();
    assert!(export_files.iter().all(|f| f.exists()), "{export_files:?}");

    let eraser = Eraser::from_settings(&app.settings, app.db.pool.clone())?;
    let report = erase_user(&eraser, ana.user.id, None).await?;
    assert!(report.revoke_failures.is_empty(), "{report:?}");
    // Her export zips went with her (the scan below covers the rows).
    assert_eq!(report.export_files_removed, export_files.len());
    assert!(export_files.iter().all(|f| !f.exists()), "{export_files:?}");
    assert_eq!(report.telegram_chat_id, Some(ana.chat.chat_id));

    // Revoked at the providers, as their APIs document it; Bob's access stays.
    assert_eq!(world.plaid.calls("/item/remove"), 1);
    let delete = format!("DELETE /api/v2/requisitions/{}/", ana.requisition);
    assert_eq!(
        world.gocardless.count(&delete),
        1,
        "{:?}",
        world.gocardless.calls()
    );
    assert!(world.gocardless.requisition(&ana.requisition).is_none());
    assert!(world.gocardless.requisition(&bob.requisition).is_some());

    let after = verify_erasure(&app.db.pool, &subject(&ana), &outbox).await?;
    assert_eq!(after, Vec::<Hit>::new(), "Ana is still found");
    assert_eq!(
        world.rows_of(bob.user.id).await?,
        bob_rows,
        "Bob's rows changed"
    );
    assert_eq!(
        verify_erasure(&app.db.pool, &subject(&bob), &outbox).await?,
        bob_before,
        "what names Bob changed"
    );

    // The security events stay, under the pseudonym only, without address or IP.
    let pseudonym = kakeibo_core::audit::pseudonym(&eraser.pseudonym_key, ana.user.id);
    let (kept, with_ip): (i64, i64) =
        sqlx::query_as("SELECT count(*), count(ip) FROM audit_log WHERE user_id = $1")
            .bind(pseudonym)
            .fetch_one(&app.db.pool)
            .await?;
    assert_eq!((kept, with_ip), (ana_rows["audit_log"], 0));

    // Idempotent: a second run (an interrupted erasure resumed) finds nothing more to do.
    let again = erase_user(&eraser, ana.user.id, Some(&ana.user.email)).await?;
    assert_eq!(
        (again.jobs_removed, again.audit_events_pseudonymized),
        (0, 0)
    );
    assert!(
        verify_erasure(&app.db.pool, &subject(&ana), &outbox)
            .await?
            .is_empty()
    );

    // A table added later that keeps the id (or the address, in any schema) is found
    // without anyone listing it: a feature that forgets to erase fails this test.
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE TABLE forgotten_feature (owner uuid, memo jsonb);
         INSERT INTO forgotten_feature VALUES ('{}', '{{}}');
         CREATE SCHEMA plugin;
         CREATE TABLE plugin.notes (body text);
         INSERT INTO plugin.notes VALUES ('mail {} about it');",
        ana.user.id,
        ana.user.email.to_uppercase()
    )))
    .execute(&app.db.pool)
    .await?;
    let found = verify_erasure(&app.db.pool, &subject(&ana), &outbox).await?;
    assert_eq!(
        places(&found),
        ["plugin.notes.body", "public.forgotten_feature.owner"]
    );
    Ok(())
}

#[tokio::test]
async fn a_provider_that_cannot_revoke_is_reported_and_the_user_erased_anyway() -> anyhow::Result<()>
{
    let plaid = FakePlaid::start().await;
    let settings = plaid.settings();
    let app = TestApp::spawn_with(move |s| s.bank.plaid = settings).await?;
    let cy = app.verified_user("cy@example.com").await?;
    link_plaid(&app, &plaid, &cy).await?;
    app.drain_jobs().await?;

    plaid.fail_next(FakeFailure::InstitutionDown);
    let eraser = Eraser::from_settings(&app.settings, app.db.pool.clone())?;
    let report = erase_user(&eraser, cy.id, None).await?;

    assert_eq!(plaid.calls("/item/remove"), 1);
    assert_eq!(report.revoke_failures.len(), 1, "{report:?}");
    assert_eq!(report.revoke_failures[0].provider, "plaid");
    assert!(
        report.revoke_failures[0].error.contains("not answering"),
        "{report:?}"
    );
    let subject = Subject {
        user_id: cy.id,
        email: Some(cy.email.clone()),
        chat_id: None,
    };
    let left = verify_erasure(&app.db.pool, &subject, &app.settings.email.outbox_dir).await?;
    assert_eq!(left, Vec::<Hit>::new());
    Ok(())
}
