//! Users for tests, made through the real HTTP API: register, read the e-mails the app
//! wrote to the outbox, verify, log in, and the cross-user check every id endpoint gets.

use anyhow::{Context, Result, bail, ensure};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::TestApp;

pub const PASSWORD: &str = "correct horse battery staple";

#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: Uuid,
    pub email: String,
    pub password: String,
    pub access_token: String,
    /// `kakeibo_refresh=…`, ready for a `Cookie` header.
    pub refresh_cookie: String,
}

impl TestUser {
    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.access_token)
    }
}

/// The refresh cookie a response set, as `name=value`.
pub fn refresh_cookie_of(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kakeibo_refresh="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
}

/// One message from the outbox: headers it was addressed with and its decoded text.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl Mail {
    /// The `token=` value of the link in the body.
    pub fn link_token(&self) -> Result<String> {
        let start = self
            .body
            .find("token=")
            .context("no token link in the mail")?
            + "token=".len();
        Ok(self.body[start..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string())
    }
}

impl TestApp {
    /// Registers `email` with [`PASSWORD`] (not verified yet).
    pub async fn register(&self, email: &str) -> Result<TestUser> {
        let response = self
            .post_json(
                "/auth/register",
                &json!({ "email": email, "password": PASSWORD }),
            )
            .await?;
        ensure!(
            response.status() == StatusCode::CREATED,
            "register: {}",
            response.status()
        );
        let cookie = refresh_cookie_of(&response).context("no refresh cookie")?;
        let body: Value = response.json().await?;
        Ok(TestUser {
            id: body["user_id"].as_str().context("user_id")?.parse()?,
            email: email.to_string(),
            password: PASSWORD.to_string(),
            access_token: body["access_token"]
                .as_str()
                .context("access_token")?
                .to_string(),
            refresh_cookie: cookie,
        })
    }

    /// Registers and verifies `email` by following the link in the e-mail.
    pub async fn verified_user(&self, email: &str) -> Result<TestUser> {
        let user = self.register(email).await?;
        let mail = self.last_mail_to(email).await?;
        let response = self
            .post_json(
                "/auth/verify-email",
                &json!({ "token": mail.link_token()? }),
            )
            .await?;
        ensure!(
            response.status() == StatusCode::NO_CONTENT,
            "verify: {}",
            response.status()
        );
        Ok(user)
    }

    /// Logs in with e-mail and password (no 2FA), returning fresh tokens.
    pub async fn login(&self, email: &str, password: &str) -> Result<TestUser> {
        let response = self
            .post_json(
                "/auth/login",
                &json!({ "email": email, "password": password }),
            )
            .await?;
        ensure!(
            response.status() == StatusCode::OK,
            "login: {}",
            response.status()
        );
        let cookie = refresh_cookie_of(&response).context("no refresh cookie")?;
        let body: Value = response.json().await?;
        Ok(TestUser {
            id: body["user_id"].as_str().context("user_id")?.parse()?,
            email: email.to_string(),
            password: password.to_string(),
            access_token: body["access_token"]
                .as_str()
                .context("access_token")?
                .to_string(),
            refresh_cookie: cookie,
        })
    }

    /// A request to `/api/v1{path}` as `user`.
    pub fn as_user(&self, user: &TestUser, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.api(method, path)
            .header(reqwest::header::AUTHORIZATION, user.bearer())
    }

    /// Delivers queued e-mail (runs the real workers, with the app's settings: every other
    /// queued job runs too, and must see the providers the app was started with) and reads
    /// the outbox.
    pub async fn mails(&self) -> Result<Vec<Mail>> {
        self.drain_jobs().await?;
        let dir = self.db.outbox_dir();
        let mut mails = Vec::new();
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(mails);
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        // Oldest first: the order the app sent them.
        paths.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        for path in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        {
            mails.push(parse_message(&std::fs::read_to_string(&path)?)?);
        }
        Ok(mails)
    }

    pub async fn last_mail_to(&self, email: &str) -> Result<Mail> {
        self.mails()
            .await?
            .into_iter()
            .rev()
            .find(|m| m.to.contains(email))
            .with_context(|| format!("no mail to {email}"))
    }
}

/// Parses one RFC 5322 message as lettre writes it (text body, maybe quoted-printable).
pub fn parse_message(raw: &str) -> Result<Mail> {
    // Files from lettre keep CRLF; a Maildir stores LF.
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").context("no header/body split")?;
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
            .unwrap_or_default()
    };
    let quoted_printable = head.contains("quoted-printable");
    Ok(Mail {
        to: header("To:"),
        subject: header("Subject:"),
        body: if quoted_printable {
            decode_quoted_printable(body)?
        } else {
            body.to_string()
        },
    })
}

fn decode_quoted_printable(text: &str) -> Result<String> {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])?;
            out.push(u8::from_str_radix(hex, 16)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8(out)?)
}

/// Proves another user cannot see or touch `owner`'s resource: for each request (method and
/// path with the resource's id), `intruder` gets 404, and afterwards `still_there` (a GET as
/// the owner) still answers 200 with the resource. Later issues add their endpoints.
pub async fn assert_other_user_gets_404(
    app: &TestApp,
    intruder: &TestUser,
    requests: &[(Method, String, Option<Value>)],
    owner: &TestUser,
    still_there: (&str, &dyn Fn(&Value) -> bool),
) -> Result<()> {
    for (method, path, body) in requests {
        let mut request = app.as_user(intruder, method.clone(), path);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await?;
        if response.status() != StatusCode::NOT_FOUND {
            bail!(
                "{method} {path} as another user answered {}, not 404",
                response.status()
            );
        }
    }
    let (path, check) = still_there;
    let response = app.as_user(owner, Method::GET, path).send().await?;
    ensure!(
        response.status() == StatusCode::OK,
        "GET {path} as the owner: {}",
        response.status()
    );
    let body: Value = response.json().await?;
    ensure!(check(&body), "the owner's resource changed: {body}");
    Ok(())
}
