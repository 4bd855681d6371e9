//! Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser
//! that signed in to an account before carries a tag for that account, and its logins to it
//! skip the address's login delay. So people behind an address that an attacker hammers
//! (an office, a proxy) keep signing in at once, while the attacker, who has no such tag,
//! stays slowed. The tag lets nobody in by itself: the password is still checked and the
//! account's own limit still counts.

use axum::http::{HeaderMap, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use kakeibo_core::AppState;
use sha2::Sha256;

pub const DEVICE_COOKIE: &str = "kakeibo_device";
/// Sent only to the password step.
const PATH: &str = "/api/v1/auth/login";
const MAX_AGE_SECS: u32 = 365 * 86_400;

fn mac(state: &AppState, email: &str) -> Hmac<Sha256> {
    let key = state.token_keys.derived_key("device cookie");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length");
    mac.update(email.as_bytes());
    mac
}

/// `Set-Cookie` for a browser that just signed in to `email` (normalized); one account per
/// browser, the last one.
pub fn cookie(state: &AppState, email: &str) -> HeaderValue {
    let tag = URL_SAFE_NO_PAD.encode(mac(state, email).finalize().into_bytes());
    let secure = if state.settings.auth.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{DEVICE_COOKIE}={tag}; Path={PATH}; Max-Age={MAX_AGE_SECS}; HttpOnly; SameSite=Strict{secure}"
    ))
    .expect("base64url is a valid header value")
}

/// Whether the request carries a device cookie for `email` (normalized). Compared in
/// constant time.
pub fn knows(state: &AppState, headers: &HeaderMap, email: &str) -> bool {
    crate::session::cookie_values(headers, DEVICE_COOKIE)
        .filter_map(|value| URL_SAFE_NO_PAD.decode(value).ok())
        .any(|tag| mac(state, email).verify_slice(&tag).is_ok())
}
