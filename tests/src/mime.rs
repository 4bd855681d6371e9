//! Reading a received e-mail as a mail client would: Python's `email` package parses it
//! (`tests/support/parse_mime.py`), so the tests check the MIME tree with a parser we did not
//! write.

use std::io::Write;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, ensure};
use base64::Engine;
use serde_json::Value;

use crate::workspace_root;

#[derive(Debug, Clone)]
pub struct ParsedMail {
    pub headers: Vec<(String, String)>,
    /// `multipart/alternative(text/plain, multipart/related(text/html, image/png))`.
    pub structure: String,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone)]
pub struct Part {
    pub content_type: String,
    /// With its angle brackets, as in the header: `<chart>`.
    pub content_id: Option<String>,
    pub disposition: Option<String>,
    pub text: Option<String>,
    pub bytes: Vec<u8>,
}

impl ParsedMail {
    /// The first header of that name (case-insensitive), unfolded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn part(&self, content_type: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.content_type == content_type)
    }

    pub fn text(&self) -> Result<&str> {
        self.part("text/plain")
            .and_then(|p| p.text.as_deref())
            .context("no text/plain part")
    }
}

pub fn parse(raw: &str) -> Result<ParsedMail> {
    let mut child = Command::new("python3")
        .arg(workspace_root().join("tests/support/parse_mime.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting python3")?;
    child
        .stdin
        .take()
        .context("stdin")?
        .write_all(raw.as_bytes())?;
    let output = child.wait_with_output()?;
    ensure!(output.status.success(), "parse_mime.py failed");
    let json: Value = serde_json::from_slice(&output.stdout)?;
    let headers = json["headers"]
        .as_array()
        .context("headers")?
        .iter()
        .map(|h| {
            (
                h[0].as_str().unwrap_or_default().to_string(),
                h[1].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let parts = json["parts"]
        .as_array()
        .context("parts")?
        .iter()
        .map(|p| -> Result<Part> {
            Ok(Part {
                content_type: p["content_type"].as_str().unwrap_or_default().to_string(),
                content_id: p["content_id"].as_str().map(str::to_string),
                disposition: p["disposition"].as_str().map(str::to_string),
                text: p["text"].as_str().map(str::to_string),
                bytes: base64::engine::general_purpose::STANDARD
                    .decode(p["base64"].as_str().unwrap_or_default())?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(ParsedMail {
        headers,
        structure: json["structure"].as_str().unwrap_or_default().to_string(),
        parts,
    })
}
