//! The part of an OFX file before the `<OFX>` element: the OFX 1.x `KEY:VALUE` header or the
//! OFX 2.x `<?xml?>` declaration, read from the raw bytes because it says how to decode them.

use std::borrow::Cow;

use encoding_rs::{Encoding, WINDOWS_1252};

use super::values::shown;
use crate::statement::ParseError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavor {
    /// OFX 1.x: `OFXHEADER:100`, SGML body; also a file with no header at all (`<OFX>`
    /// first), which the same lexer reads whether its body is SGML or XML.
    Sgml,
    /// OFX 2.x: `<?xml ...?><?OFX OFXHEADER="200" ...?>`, XML body.
    Xml,
}

pub(super) struct Header {
    pub(super) flavor: Flavor,
    /// Line where the header starts, for errors about it.
    pub(super) line: usize,
    /// Used when the bytes are not UTF-8.
    pub(super) fallback: &'static Encoding,
}

pub(super) fn error(line: usize, message: impl Into<String>) -> ParseError {
    ParseError::new(line, Some("header"), message)
}

pub(super) fn read(bytes: &[u8]) -> Result<Header, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let leading = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let line = 1 + super::lexer::count_newlines(&bytes[..leading]);
    let rest = &bytes[leading..];
    if rest.is_empty() {
        return Err(error(line, "the file is empty"));
    }
    if starts_with_ignore_case(rest, b"<?xml") || starts_with_ignore_case(rest, b"<?ofx") {
        // The declaration is ASCII; `encoding="..."` names the charset.
        let declaration = &rest[..find_seq(rest, b"?>").unwrap_or(0)];
        let label = attribute(declaration, b"encoding");
        return Ok(Header {
            flavor: Flavor::Xml,
            line,
            fallback: fallback_encoding(label),
        });
    }
    // No header at all, the body straight away: what the body says is all there is.
    if starts_with_ignore_case(rest, b"<OFX>") || starts_with_ignore_case(rest, b"<OFX ") {
        return Ok(Header {
            flavor: Flavor::Sgml,
            line,
            fallback: WINDOWS_1252,
        });
    }
    if !starts_with_ignore_case(rest, b"OFXHEADER") {
        return Err(error(
            line,
            "this is not an OFX file: it should begin with OFXHEADER:100 (OFX 1.x), <?xml (OFX 2.x) or <OFX>",
        ));
    }
    let header_end = rest.iter().position(|b| *b == b'<').unwrap_or(rest.len());
    let charset = sgml_header(&rest[..header_end], line)?;
    Ok(Header {
        flavor: Flavor::Sgml,
        line,
        fallback: fallback_encoding(charset),
    })
}

/// Checks the `KEY:VALUE` pairs (one per line, or several on one line as some banks write
/// them) and returns CHARSET. Unknown keys are ignored.
fn sgml_header(header: &[u8], first_line: usize) -> Result<Option<&[u8]>, ParseError> {
    let mut words = Vec::new();
    for (i, text_line) in header.split(|b| *b == b'\n').enumerate() {
        for word in text_line
            .split(u8::is_ascii_whitespace)
            .filter(|w| !w.is_empty())
        {
            words.push((word, first_line + i));
        }
    }
    let mut charset = None;
    let mut i = 0;
    while let Some(&(word, line)) = words.get(i) {
        i += 1;
        let Some(colon) = word.iter().position(|b| *b == b':') else {
            return Err(error(
                line,
                format!("{} is not a KEY:VALUE header line", lossy(word)),
            ));
        };
        let key = &word[..colon];
        let mut value = &word[colon + 1..];
        // `OFXHEADER: 100`
        if value.is_empty()
            && let Some(&(next, _)) = words.get(i).filter(|(w, _)| !w.contains(&b':'))
        {
            value = next;
            i += 1;
        }
        if i == 1 && !key.eq_ignore_ascii_case(b"OFXHEADER") {
            return Err(error(line, "the header should begin with OFXHEADER:100"));
        }
        if key.eq_ignore_ascii_case(b"OFXHEADER") && value != b"100" {
            return Err(error(
                line,
                format!(
                    "the header says OFXHEADER:{}; OFX 1.x files say OFXHEADER:100",
                    lossy(value)
                ),
            ));
        }
        if key.eq_ignore_ascii_case(b"DATA") && !value.eq_ignore_ascii_case(b"OFXSGML") {
            return Err(error(
                line,
                format!(
                    "the header says DATA:{}; OFX 1.x files say DATA:OFXSGML",
                    lossy(value)
                ),
            ));
        }
        if key.eq_ignore_ascii_case(b"CHARSET") && !value.eq_ignore_ascii_case(b"NONE") {
            charset = Some(value);
        }
    }
    Ok(charset)
}

/// Decodes the text. Valid UTF-8 is taken as UTF-8 whatever the header says: headers are
/// boilerplate that banks copy without changing, and real Windows-1252 text is almost never
/// valid UTF-8. Otherwise the declared single-byte charset (Windows-1252 when unknown).
pub(super) fn decode<'a>(bytes: &'a [u8], fallback: &'static Encoding) -> Cow<'a, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => fallback.decode_without_bom_handling(bytes).0,
    }
}

/// `1252` (as OFX 1.x writes it) or any label encoding_rs knows; only single-byte,
/// ASCII-compatible charsets, since the tags must stay readable.
fn fallback_encoding(label: Option<&[u8]>) -> &'static Encoding {
    let label = label.map(|l| {
        if !l.is_empty() && l.iter().all(u8::is_ascii_digit) {
            Cow::Owned([b"windows-", l].concat())
        } else {
            Cow::Borrowed(l)
        }
    });
    label
        .and_then(|l| Encoding::for_label(&l))
        .filter(|e| e.is_single_byte() && e.is_ascii_compatible())
        .unwrap_or(WINDOWS_1252)
}

/// `name="value"` (or single quotes) inside an XML declaration or instruction.
pub(super) fn attribute<'a>(body: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(at) = body.get(from..).and_then(|b| find_ignore_case(b, name)) {
        let start = from + at;
        from = start + name.len();
        let preceded_ok = start == 0 || body.get(start - 1).is_some_and(u8::is_ascii_whitespace);
        let rest = body.get(from..)?;
        let rest = trim_start(rest);
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = trim_start(rest);
        let quote = *rest.first()?;
        if !preceded_ok || !matches!(quote, b'"' | b'\'') {
            continue;
        }
        let value = rest.get(1..)?;
        let end = value.iter().position(|b| *b == quote)?;
        return Some(&value[..end]);
    }
    None
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn starts_with_ignore_case(b: &[u8], prefix: &[u8]) -> bool {
    b.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn find_seq(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn lossy(b: &[u8]) -> String {
    shown(&String::from_utf8_lossy(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(fallback_encoding(Some(b"1252")), WINDOWS_1252);
        assert_eq!(fallback_encoding(Some(b"ISO-8859-1")), WINDOWS_1252);
        assert_eq!(fallback_encoding(Some(b"1251")), encoding_rs::WINDOWS_1251);
        assert_eq!(fallback_encoding(Some(b"UTF-16")), WINDOWS_1252);
        assert_eq!(fallback_encoding(Some(b"nonsense")), WINDOWS_1252);
        assert_eq!(fallback_encoding(None), WINDOWS_1252);
        assert_eq!(decode(b"M\xfcller", WINDOWS_1252), "Müller");
        assert_eq!(decode("Müller".as_bytes(), WINDOWS_1252), "Müller");
    }

    #[test]
    fn attributes() {
        let decl = br#"<?xml version="1.0" encoding='windows-1252' standalone="no"?>"#;
        assert_eq!(attribute(decl, b"encoding"), Some(&b"windows-1252"[..]));
        assert_eq!(attribute(decl, b"version"), Some(&b"1.0"[..]));
        assert_eq!(
            attribute(b"OFX OFXHEADER = \"200\"", b"ofxheader"),
            Some(&b"200"[..])
        );
        assert_eq!(attribute(b"OFX XOFXHEADER=\"1\"", b"OFXHEADER"), None);
        assert_eq!(attribute(b"OFX OFXHEADER=\"2", b"OFXHEADER"), None);
        assert_eq!(attribute(b"OFXHEADER=", b"OFXHEADER"), None);
    }

    #[test]
    fn one_line_sgml_header() {
        let h = read(b"\n\nOFXHEADER:100 DATA:OFXSGML VERSION:102 CHARSET:1252 <OFX>").unwrap();
        assert_eq!((h.flavor, h.line), (Flavor::Sgml, 3));
        assert!(read(b"OFXHEADER: 100\nDATA:OFXSGML\n<OFX>").is_ok());
        let e = read(b"OFXHEADER:100\nDATA:OFXXML\n<OFX>").err().unwrap();
        assert_eq!((e.line, e.field.as_deref()), (2, Some("header")));
        let e = read(b"OFXHEADER:100\nVERSION 102\n<OFX>").err().unwrap();
        assert_eq!(e.line, 2);
    }
}
