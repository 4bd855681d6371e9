//! E-mail addresses as accounts know them: trimmed and lower-cased, so `Alice@Example.COM `
//! and `alice@example.com` are one account.

use kakeibo_core::FieldError;

pub const MAX_LENGTH: usize = 254;

pub fn normalize(raw: &str) -> Result<String, FieldError> {
    let email = raw.trim().to_lowercase();
    let invalid = || FieldError::new("email", "enter a valid e-mail address");
    if email.is_empty() || email.len() > MAX_LENGTH {
        return Err(invalid());
    }
    let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
    let bad_char = |c: char| {
        c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"' | '\\' | '@')
    };
    if local.is_empty()
        || local.len() > 64
        || domain.len() < 3
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || email.chars().filter(|c| *c == '@').count() != 1
        || local.chars().any(bad_char)
        || domain.chars().any(bad_char)
    {
        return Err(invalid());
    }
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_rejects() {
        assert_eq!(
            normalize("  Alice@Example.COM ").unwrap(),
            "alice@example.com"
        );
        for bad in [
            "",
            "alice",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@b.com'; DROP TABLE users;--x@y",
            "<a@b.com>",
        ] {
            assert!(normalize(bad).is_err(), "{bad}");
        }
    }
}
