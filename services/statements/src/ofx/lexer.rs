//! Splits OFX text into tags. One lexer serves OFX 1.x (SGML, where value elements such as
//! `<TRNAMT>-12.34` need no end tag) and OFX 2.x (XML): a start tag followed by text is a value,
//! a start tag followed by another tag opens an aggregate, and end tags of values are simply
//! not interesting. It borrows from the text and never allocates.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// `<NAME>` and the text after it up to the next tag, trimmed; empty for `<NAME/>` and for
    /// a start tag directly followed by another tag.
    Start {
        name: &'a str,
        value: &'a str,
        line: usize,
    },
    End {
        name: &'a str,
        line: usize,
    },
    /// `<?...?>`, for the OFX 2.x header.
    Instruction {
        body: &'a str,
        line: usize,
    },
}

/// The text ends inside a tag, comment or instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct EndsInsideTag;

pub(super) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    /// Line of `pos`, 1-based.
    line: usize,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// The last line with something on it, for errors about the file ending early.
    pub(super) fn last_line(&self) -> usize {
        let content = self.text.trim_end().len();
        1 + count_newlines(&self.text.as_bytes()[..content])
    }

    pub(super) fn next_token(&mut self) -> Result<Option<Token<'a>>, EndsInsideTag> {
        let text = self.text;
        loop {
            // Text outside tags (after end tags, or values already returned) is skipped.
            // `str::find` with a char uses memchr, which matters at 100,000 transactions.
            let rest = &text[self.pos..];
            let Some(offset) = rest.find('<') else {
                self.line += count_newlines(rest.as_bytes());
                self.pos = text.len();
                return Ok(None);
            };
            self.line += count_newlines(&rest.as_bytes()[..offset]);
            let start = self.pos + offset;
            let line = self.line;
            let after = &text[start + 1..];

            // Every index below points at an ASCII byte or the end, so slicing `text` there
            // stays on character boundaries.
            let (close, skip) = if after.starts_with("!--") {
                ("-->", 4)
            } else if after.starts_with("![CDATA[") {
                ("]]>", 9)
            } else if after.starts_with('?') {
                ("?>", 2)
            } else {
                (">", 1)
            };
            let body_start = start + skip;
            let Some(body_len) = text.get(body_start..).and_then(|t| t.find(close)) else {
                return Err(EndsInsideTag);
            };
            let body_end = body_start + body_len;
            self.line += count_newlines(&text.as_bytes()[start..body_end]);
            self.pos = body_end + close.len();
            let body = &text[body_start..body_end];

            match after.as_bytes().first() {
                Some(b'!') => continue, // comment, CDATA (OFX has none worth reading), DOCTYPE
                Some(b'?') => return Ok(Some(Token::Instruction { body, line })),
                Some(b'/') => {
                    let name = body.get(1..).unwrap_or("").trim();
                    return Ok(Some(Token::End { name, line }));
                }
                _ => {}
            }
            let (body, self_closing) = match body.strip_suffix('/') {
                Some(b) => (b, true),
                None => (body, false),
            };
            // Attributes (OFX has none) are ignored.
            let name = body
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or("");
            let value = if self_closing {
                ""
            } else {
                let rest = &text[self.pos..];
                rest[..rest.find('<').unwrap_or(rest.len())].trim()
            };
            return Ok(Some(Token::Start { name, value, line }));
        }
    }
}

pub(super) fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// Decodes the entities OFX writers use (`&amp;` `&lt;` `&gt;`, and the XML ones). Unknown
/// entities stay as written: a lone `&` in an SGML value is common.
pub(super) fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // `;` is ASCII, so the index found is a character boundary.
        let semicolon = after.bytes().take(10).position(|b| b == b';');
        let decoded = semicolon.and_then(|end| entity(&after[..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token<'_>> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        while let Some(t) = lexer.next_token().unwrap() {
            out.push(t);
        }
        out
    }

    #[test]
    fn sgml_and_xml_values() {
        let t = tokens("<A>\n<B>x y \n<C>z</C><!-- <D>1 -->\n<E/></A>");
        assert_eq!(
            t,
            vec![
                Token::Start {
                    name: "A",
                    value: "",
                    line: 1
                },
                Token::Start {
                    name: "B",
                    value: "x y",
                    line: 2
                },
                Token::Start {
                    name: "C",
                    value: "z",
                    line: 3
                },
                Token::End { name: "C", line: 3 },
                Token::Start {
                    name: "E",
                    value: "",
                    line: 4
                },
                Token::End { name: "A", line: 4 },
            ]
        );
    }

    #[test]
    fn ends_inside_tag() {
        let mut lexer = Lexer::new("<A>1\n<B");
        assert!(lexer.next_token().unwrap().is_some());
        assert_eq!(lexer.next_token(), Err(EndsInsideTag));
        assert_eq!(lexer.last_line(), 2);
    }

    #[test]
    fn entities() {
        assert_eq!(unescape("AT&amp;T &lt;x&gt;"), "AT&T <x>");
        assert_eq!(
            unescape("Caf&#233; &#xE9; & co &bogus; &"),
            "Café é & co &bogus; &"
        );
        assert_eq!(unescape("&#0; &#x110000;"), "&#0; &#x110000;");
    }
}
