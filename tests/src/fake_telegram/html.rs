//! Telegram's HTML parse mode as its documentation states it: only its tags, balanced;
//! `<`, `>` and `&` in text written as `&lt;`, `&gt;`, `&amp;` (and `&quot;`, numeric
//! entities). Anything else is "can't parse entities".

const TAGS: &[&str] = &[
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
];

/// The text a person reads, or Telegram's error description.
pub(crate) fn parse(text: &str) -> Result<String, String> {
    let mut plain = String::new();
    let mut open: Vec<String> = Vec::new();
    let mut rest = text;
    let offset = |rest: &str| text.len() - rest.len();
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = rest.find('>').ok_or_else(|| {
                    format!(
                        "Bad Request: can't parse entities: Unclosed start tag at byte offset {}",
                        offset(rest)
                    )
                })?;
                let inner = &rest[1..end];
                let (closing, name) = match inner.strip_prefix('/') {
                    Some(name) => (true, name.trim()),
                    None => (false, inner.split_whitespace().next().unwrap_or("")),
                };
                if !TAGS.contains(&name) {
                    return Err(format!(
                        "Bad Request: can't parse entities: Unsupported start tag \"{name}\" at byte offset {}",
                        offset(rest)
                    ));
                }
                if closing {
                    if open.pop().as_deref() != Some(name) {
                        return Err(format!(
                            "Bad Request: can't parse entities: Unmatched end tag at byte offset {}, expected \"</{}>\", found \"</{name}>\"",
                            offset(rest),
                            open.last().map(String::as_str).unwrap_or("")
                        ));
                    }
                } else {
                    open.push(name.to_owned());
                }
                rest = &rest[end + 1..];
            }
            '>' => {
                // Telegram tolerates a bare '>', but the documentation asks for &gt;.
                return Err(format!(
                    "Bad Request: can't parse entities: Unexpected end tag at byte offset {}",
                    offset(rest)
                ));
            }
            '&' => {
                let end = rest.find(';').filter(|&e| e <= 10).ok_or_else(|| {
                    format!(
                        "Bad Request: can't parse entities: Character entity expected at byte offset {}",
                        offset(rest)
                    )
                })?;
                let entity = &rest[1..end];
                let decoded = match entity {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    _ => entity
                        .strip_prefix('#')
                        .and_then(|n| n.parse::<u32>().ok())
                        .and_then(char::from_u32)
                        .ok_or_else(|| {
                            format!(
                                "Bad Request: can't parse entities: Unsupported entity \"{entity}\" at byte offset {}",
                                offset(rest)
                            )
                        })?,
                };
                plain.push(decoded);
                rest = &rest[end + 1..];
            }
            c => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if let Some(tag) = open.pop() {
        return Err(format!(
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{tag}\""
        ));
    }
    Ok(plain)
}

/// What a person reads of an HTML text (the text itself when it does not parse).
pub(crate) fn plain(text: &str) -> String {
    parse(text).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_html_rules() {
        assert_eq!(parse("<b>A &amp; B</b> &lt;3").unwrap(), "A & B <3");
        assert!(parse("a < b").unwrap_err().contains("can't parse entities"));
        assert!(
            parse("<x>y</x>")
                .unwrap_err()
                .contains("Unsupported start tag")
        );
        assert!(parse("<b>y</i>").is_err());
        assert!(parse("<b>y").is_err());
        assert!(parse("Fish & Chips").is_err());
        assert_eq!(parse("_*[]()~#+-=|{}.!").unwrap(), "_*[]()~#+-=|{}.!");
    }
}
