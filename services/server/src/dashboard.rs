//! The dashboard: the Next.js static export (`frontend/out`), served on the API's origin.
//!
//! Release builds carry the export inside the binary; debug builds read the folder at each
//! request, so `next build` shows up without a Rust rebuild (rust-embed's two modes), and
//! `server.dashboard_dir` serves another build from disk (a second checkout, a preview). A
//! path maps to its page the way the export names them (`/budgets` → `budgets.html`), an
//! unknown path gets the app's own 404 page, and `/api/...` keeps answering JSON.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use kakeibo_core::ApiError;
use rust_embed::Embed;
use sha2::{Digest, Sha256};

#[derive(Embed)]
#[folder = "../../frontend/out/"]
#[allow_missing = true]
struct Export;

/// The policy every page gets; `script-src` gains the hashes of the page's own inline
/// scripts (Next.js streams its data through them), so no other inline script runs.
const CSP_BASE: &str = "default-src 'self'; img-src 'self' data: blob:; font-src 'self'; \
     style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; \
     base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Hashed file names under `_next/static` never change content: cache them for a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Pages must be revalidated so a new build shows at once; the ETag makes that cheap.
const REVALIDATE: &str = "no-cache";

/// Where the export's files come from.
#[derive(Debug, Clone)]
enum Files {
    Embedded,
    Dir(PathBuf),
}

impl Files {
    fn get(&self, name: &str) -> Option<(Cow<'static, [u8]>, [u8; 32])> {
        match self {
            Self::Embedded => Export::get(name).map(|f| (f.data, f.metadata.sha256_hash())),
            Self::Dir(dir) => {
                let path = dir.join(name).canonicalize().ok()?;
                if !path.starts_with(dir.canonicalize().ok()?) || !path.is_file() {
                    return None;
                }
                let data = std::fs::read(path).ok()?;
                let hash = Sha256::digest(&data).into();
                Some((Cow::Owned(data), hash))
            }
        }
    }
}

/// Whether a build of the dashboard is present (in the binary or, in debug, on disk).
pub fn is_built() -> bool {
    Export::get("index.html").is_some()
}

/// The router's fallback: every GET that no API route took. `dir` serves a build from disk
/// instead of the one in (or beside) the binary.
pub fn router(dir: Option<PathBuf>) -> Router {
    let files = Arc::new(dir.map_or(Files::Embedded, Files::Dir));
    Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap| {
        let files = files.clone();
        async move { serve(&files, &method, &uri, &headers) }
    })
}

fn serve(files: &Files, method: &Method, uri: &Uri, headers: &HeaderMap) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::NotFound.into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let (name, status) = match resolve(files, path) {
        Some(name) => (name, StatusCode::OK),
        None => ("404.html".to_owned(), StatusCode::NOT_FOUND),
    };
    let Some((data, hash)) = files.get(&name) else {
        return not_built();
    };
    let etag = format!("\"{}\"", hex(&hash[..16]));
    let mut response = if status == StatusCode::OK
        && headers
            .get(header::IF_NONE_MATCH)
            .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let csp = name.ends_with(".html").then(|| page_policy(&data));
        let mut response = Response::new(if method == Method::HEAD {
            Body::empty()
        } else {
            Body::from(data.into_owned())
        });
        *response.status_mut() = status;
        if let Some(csp) = csp {
            set(&mut response, header::CONTENT_SECURITY_POLICY, &csp);
        }
        set(&mut response, header::CONTENT_TYPE, content_type(&name));
        response
    };
    let cache = if name.starts_with("_next/static/") {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    set(&mut response, header::CACHE_CONTROL, cache);
    set(&mut response, header::ETAG, &etag);
    response
}

/// The export's file for a request path, if there is one.
fn resolve(files: &Files, path: &str) -> Option<String> {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        return Some("index.html".to_owned());
    }
    // The export has no `..`; refusing it outright keeps the disk modes inside their folder.
    if trimmed
        .split('/')
        .any(|part| part == ".." || part.is_empty())
    {
        return None;
    }
    [
        trimmed.to_owned(),
        format!("{trimmed}.html"),
        format!("{trimmed}/index.html"),
    ]
    .into_iter()
    // `404.html` is the fallback's own.
    .find(|candidate| candidate != "404.html" && files.get(candidate).is_some())
}

/// The types a Next.js export holds; anything else is served as bytes.
fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "jpg" | "jpeg" => "image/jpeg",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// The CSP for one HTML page: the base policy with a hash for each inline script in it.
pub fn page_policy(html: &[u8]) -> String {
    let mut script_src = String::from("script-src 'self'");
    for script in inline_scripts(html) {
        let digest = Sha256::digest(script);
        script_src.push_str(" 'sha256-");
        script_src.push_str(&base64::engine::general_purpose::STANDARD.encode(digest));
        script_src.push('\'');
    }
    format!("{CSP_BASE}; {script_src}")
}

/// The bodies of `<script>` elements without a `src`, byte for byte as the browser hashes
/// them. The export's HTML is machine-written, so a plain scan is enough.
fn inline_scripts(html: &[u8]) -> Vec<&[u8]> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = find(rest, b"<script") {
        rest = &rest[start..];
        let Some(tag_end) = find(rest, b">") else {
            break;
        };
        let tag = &rest[..tag_end];
        let body = &rest[tag_end + 1..];
        let Some(close) = find(body, b"</script>") else {
            break;
        };
        if find(tag, b" src=").is_none() {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn set(response: &mut Response, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}

/// Without a build the API still works; the root says how to get the dashboard.
fn not_built() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "The dashboard is not built. Run `bash deploy/local/run.sh` (or `npm ci && npm run build` \
         in frontend/); the API answers under /api/v1.\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = br#"<html><script src="/_next/a.js" async=""></script><script>self.__next_f.push([1])</script><p>x</p><script id="n">b()</script></html>"#;
        let scripts = inline_scripts(html);
        assert_eq!(scripts, vec![&b"self.__next_f.push([1])"[..], b"b()"]);
        let policy = page_policy(html);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"b()"));
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
        assert_eq!(policy.matches("'sha256-").count(), 2);
        assert!(policy.contains("frame-ancestors 'none'"));
        let script_src = policy
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert!(!script_src.contains("unsafe-inline"), "{script_src}");
    }

    #[test]
    fn paths_outside_the_export_are_refused() {
        let files = Files::Dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src"));
        assert!(resolve(&files, "/lib.rs").is_some(), "a file in the folder");
        assert_eq!(resolve(&files, "/../Cargo.toml"), None);
        assert_eq!(resolve(&files, "//etc/passwd"), None);
        assert!(files.get("../Cargo.toml").is_none(), "outside the folder");
    }
}
