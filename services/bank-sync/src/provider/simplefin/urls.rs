//! The two URLs SimpleFIN hands over: the claim URL inside a setup token, and the access URL
//! with its basic-auth credentials. Both come from outside, so both pass the allow-list.

use base64::Engine as _;
use reqwest::Url;

use crate::provider::ProviderError;

/// An access URL split into where to go and how to sign in, so that the URL handed to
/// reqwest (and so to its errors) carries no password.
pub(super) struct Access {
    pub root: Url,
    pub user: String,
    pub password: String,
}

/// The setup token and the access URL come from outside: only configured hosts may be
/// called (else a pasted token could make the server request any address), over https;
/// plain http only to a loopback host that is itself allowed (tests, a local bridge).
pub(super) fn check_url(allowed_hosts: &[String], url: &Url) -> Result<(), String> {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if host.is_empty() || !allowed_hosts.iter().any(|h| h.eq_ignore_ascii_case(&host)) {
        return Err(format!(
            "{host:?} is not a SimpleFIN server this Kakeibo accepts"
        ));
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if host == "127.0.0.1" || host == "localhost" => Ok(()),
        _ => Err("SimpleFIN addresses must use https".into()),
    }
}

/// The setup token is base64 of the claim URL. People paste it with stray line breaks, and
/// some tools drop the padding or use the URL-safe alphabet.
pub(super) fn decode_setup_token(token: &str) -> Result<Url, ProviderError> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let compact: String = token.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(&compact).ok())
        .ok_or_else(|| {
            ProviderError::Rejected(
                "That is not a SimpleFIN setup token: copy the whole token the SimpleFIN Bridge \
                 showed you (base64 text)."
                    .into(),
            )
        })?;
    String::from_utf8(bytes)
        .ok()
        .and_then(|text| Url::parse(text.trim()).ok())
        .filter(|url| url.has_host())
        .ok_or_else(|| {
            ProviderError::Rejected(
                "That SimpleFIN setup token does not contain a claim URL: copy the whole token \
                 the SimpleFIN Bridge showed you."
                    .into(),
            )
        })
}

pub(super) fn parse_access_url(text: &str) -> Option<Access> {
    let mut root = Url::parse(text).ok()?;
    let user = percent_decode(root.username())?;
    let password = percent_decode(root.password()?)?;
    if user.is_empty() || !root.has_host() {
        return None;
    }
    root.set_username("").ok()?;
    root.set_password(None).ok()?;
    root.set_query(None);
    root.set_fragment(None);
    Some(Access {
        root,
        user,
        password,
    })
}

/// URL userinfo is percent-encoded; basic auth wants the raw text.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_urls_lose_their_userinfo() {
        let a = parse_access_url("https://us%40r:p%3Ass@bridge.simplefin.org/simplefin").unwrap();
        assert_eq!(a.root.as_str(), "https://bridge.simplefin.org/simplefin");
        assert_eq!((a.user.as_str(), a.password.as_str()), ("us@r", "p:ss"));
        assert!(parse_access_url("https://bridge.simplefin.org/simplefin").is_none());
    }

    #[test]
    fn only_allowed_hosts_and_https_pass_except_on_loopback() {
        let allowed = ["bridge.simplefin.org".to_string(), "127.0.0.1".to_string()];
        let check = |u: &str| check_url(&allowed, &Url::parse(u).unwrap());
        assert!(check("https://BRIDGE.simplefin.org/simplefin/claim/x").is_ok());
        assert!(check("http://127.0.0.1:8080/simplefin/claim/x").is_ok());
        assert_eq!(
            check("http://bridge.simplefin.org/x"),
            Err("SimpleFIN addresses must use https".into())
        );
        assert!(check("https://bridge.simplefin.org.evil.example/x").is_err());
        assert!(check("file:///etc/passwd").is_err());
    }
}
