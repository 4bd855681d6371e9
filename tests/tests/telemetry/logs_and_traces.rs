//! One run with JSON logs to a file and traces to the test's OTLP receiver: the spans of the
//! request, its SQL, the jobs and the model call arrive with the request id and the user's
//! hash; the log names neither the user's e-mail nor anything from the imported file.

use std::sync::Mutex;
use std::time::Duration;

use kakeibo_core::config::{LogFormat, LogSettings, TelemetrySettings};
use kakeibo_core::telemetry;
use kakeibo_tests::fake_openai::CHAT_MODEL;
use kakeibo_tests::otlp::{OtlpReceiver, ReceivedSpan};

use secrecy::ExposeSecret;

use super::{
    AMOUNT, ASK_REQUEST_ID, DESCRIPTION, EMAIL, GOCARDLESS_SECRET_KEY, IMPORT_REQUEST_ID,
    PLAID_SECRET, WEBHOOK_SECRET,
};

fn named<'a>(spans: &'a [ReceivedSpan], name: &str) -> Vec<&'a ReceivedSpan> {
    spans.iter().filter(|s| s.name == name).collect()
}

/// A request's span, found by the id the client sent.
fn request<'a>(spans: &'a [ReceivedSpan], request_id: &str) -> Option<&'a ReceivedSpan> {
    spans
        .iter()
        .find(|s| s.attribute("request_id") == Some(request_id))
}

fn has_all_kinds(spans: &[ReceivedSpan]) -> bool {
    request(spans, IMPORT_REQUEST_ID).is_some()
        && request(spans, ASK_REQUEST_ID).is_some()
        && !named(spans, "job categorize").is_empty()
        && !named(spans, "sql").is_empty()
        && !named(spans, &format!("chat {CHAT_MODEL}")).is_empty()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_exports_its_traces_and_logs_nothing_that_names_the_user() -> anyhow::Result<()> {
    let receiver = OtlpReceiver::start().await?;
    let settings = TelemetrySettings {
        otlp_endpoint: receiver.endpoint(),
        service_name: "kakeibo-under-test".into(),
        sample_ratio: 1.0,
        worker_metrics_port: None,
    };
    let log_path = std::env::temp_dir().join(format!("kakeibo-log-{}.json", uuid::Uuid::new_v4()));
    let log_file = std::fs::File::create(&log_path)?;
    let log = LogSettings {
        format: LogFormat::Json,
        filter: kakeibo_core::Settings::default().log.filter,
    };
    // Installed before the harness's quiet test subscriber, which then stays out.
    let exporter = telemetry::init_with_writer(&log, &settings, Mutex::new(log_file), false)
        .map_err(anyhow::Error::msg)?;
    assert!(exporter.exporting_traces());

    let fake = super::fake_model().await;
    let app = super::app_with(&fake, settings).await?;
    let user = super::a_first_day(&app).await?;
    assert!(!fake.chat_requests().is_empty(), "the model was asked");
    let exporter = tokio::task::spawn_blocking(move || {
        exporter.flush();
        exporter
    })
    .await?;
    let spans = receiver
        .wait_for(Duration::from_secs(20), has_all_kinds)
        .await;
    let user_hash = telemetry::user_hash(user.id);
    let database_url = url::Url::parse(app.settings.database.url.expose_secret())?;

    // The request: named by its route, with the request id the client sent and the hash.
    let import = request(&spans, IMPORT_REQUEST_ID)
        .unwrap_or_else(|| panic!("no span of the import request in {spans:#?}"));
    assert_eq!(import.name, "POST /api/v1/imports", "{import:?}");
    assert_eq!(
        import.attribute("user"),
        Some(user_hash.as_str()),
        "{import:?}"
    );
    assert_eq!(import.attribute("status"), Some("201"), "{import:?}");
    assert_eq!(import.service, "kakeibo-under-test");
    // Its SQL statements are spans of the same trace, children of the request or below it.
    let import_sql: Vec<_> = named(&spans, "sql")
        .into_iter()
        .filter(|s| s.trace_id == import.trace_id)
        .collect();
    assert!(
        !import_sql.is_empty(),
        "no SQL span under the import request"
    );
    assert!(
        import_sql
            .iter()
            .all(|s| s.attribute("db.system.name") == Some("postgresql"))
    );
    assert!(
        import_sql.iter().any(|s| s
            .attribute("db.query.text")
            .is_some_and(|q| q.starts_with("INSERT INTO imports"))),
        "{import_sql:#?}"
    );
    // No bound value reaches a span: the description and amount are parameters.
    for span in &spans {
        for value in span.attributes.values() {
            assert!(
                !value.contains(DESCRIPTION) && !value.contains(AMOUNT) && !value.contains(EMAIL),
                "{span:?}"
            );
        }
    }

    // The jobs the import queued: each a trace of its own, with its SQL.
    let categorize = named(&spans, "job categorize")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no categorize job span in {spans:#?}"));
    assert_eq!(categorize.attribute("kind"), Some("categorize"));
    assert!(categorize.parent_span_id.is_empty(), "a job is a root span");
    assert!(
        named(&spans, "sql")
            .iter()
            .any(|s| s.trace_id == categorize.trace_id),
        "no SQL span under the categorize job"
    );

    // The model call of the question, inside the ask request's trace, with its tokens.
    let ask = request(&spans, ASK_REQUEST_ID).expect("the ask request's span");
    let llm = named(&spans, &format!("chat {CHAT_MODEL}"))
        .into_iter()
        .find(|s| s.trace_id == ask.trace_id)
        .unwrap_or_else(|| panic!("no llm span in the ask request's trace: {spans:#?}"));
    assert_eq!(llm.attribute("gen_ai.operation.name"), Some("chat"));
    assert_eq!(llm.attribute("gen_ai.request.model"), Some(CHAT_MODEL));
    assert!(
        llm.attribute("gen_ai.usage.input_tokens").is_some(),
        "{llm:?}"
    );

    app.stop().await?;
    tokio::task::spawn_blocking(move || exporter.shutdown()).await?;

    // The log: one JSON object a line; request lines carry the id and the hash, and no line
    // has the e-mail, the user's raw id, or the file's description or amount.
    let text = std::fs::read_to_string(&log_path)?;
    std::fs::remove_file(&log_path)?;
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    assert!(lines.len() > 5, "{text}");
    let import_line = lines
        .iter()
        .find(|l| {
            l["span"]["request_id"] == IMPORT_REQUEST_ID && l["message"] == "request finished"
        })
        .unwrap_or_else(|| panic!("no line of the import request in {text}"));
    assert_eq!(
        import_line["span"]["user"],
        user_hash.as_str(),
        "{import_line}"
    );
    assert_eq!(import_line["route"], "/api/v1/imports", "{import_line}");
    for needle in [
        EMAIL,
        DESCRIPTION,
        "ZORBLAX",
        AMOUNT,
        "1234,56",
        &user.id.to_string(),
        &user.id.simple().to_string(),
    ] {
        let hits: Vec<&str> = text.lines().filter(|l| l.contains(needle)).collect();
        assert!(hits.is_empty(), "{needle:?} is in the log: {hits:#?}");
    }
    // Keys and tokens (issue 25 §5): the configured secrets, the model's key that every
    // model call sent, and what the user signed in with and was given.
    let refresh_token = user.refresh_cookie.trim_start_matches("kakeibo_refresh=");
    let mut secrets = vec![
        kakeibo_tests::fake_openai::API_KEY,
        PLAID_SECRET,
        GOCARDLESS_SECRET_KEY,
        WEBHOOK_SECRET,
        kakeibo_tests::PASSWORD,
        user.access_token.as_str(),
        refresh_token,
    ];
    if let Some(password) = database_url.password().filter(|p| p.len() >= 8) {
        secrets.push(password);
    }
    assert!(refresh_token.len() >= 20 && user.access_token.len() >= 20);
    for secret in secrets {
        assert!(
            !text.contains(secret),
            "a secret ({}…) is in the log",
            &secret[..4]
        );
        for span in &spans {
            assert!(
                span.attributes.values().all(|v| !v.contains(secret)),
                "a secret ({}…) is in the span {}",
                &secret[..4],
                span.name
            );
        }
    }
    Ok(())
}
