//! An MT940 file as a list of tagged fields: `:61:` and the lines that continue it. The SWIFT
//! wrapper (`{1:…}{2:…}{4:` before a message, `-}` after it) and blank lines are dropped.

use crate::statement::ParseError;
use crate::text::shown;

/// One `:TAG:` field and its continuation lines.
#[derive(Debug)]
pub(super) struct Field<'t> {
    /// `20`, `25`, `28C`, `60F`, `61`, `86`…
    pub tag: &'t str,
    /// 1-based line of the tag.
    pub line: usize,
    /// The value on the tag's line, then each continuation line (right-trimmed).
    pub lines: Vec<&'t str>,
}

/// Splits `text` into fields. Text before the first tag that is not part of the wrapper is
/// an error: it means the file is not MT940, or not only MT940.
pub(super) fn split(text: &str) -> Result<(Vec<Field<'_>>, usize), ParseError> {
    // Classic Mac files end lines with a bare CR.
    let separator = if text.contains('\n') { '\n' } else { '\r' };
    let mut fields: Vec<Field<'_>> = Vec::new();
    // The open field takes continuation lines; a terminator closes it.
    let mut open = false;
    let mut last_line = 1;
    for (index, raw) in text.split(separator).enumerate() {
        let line = index + 1;
        let mut l = raw.trim_end();
        if l.trim_start().is_empty() {
            continue;
        }
        last_line = line;
        if l.starts_with('{') {
            l = strip_blocks(l, line)?;
            if l.trim().is_empty() {
                continue;
            }
        }
        let trimmed = l.trim_start();
        // `-}` ends a message in the wrapper, a lone `-` in some plain files.
        if trimmed == "-" || trimmed.starts_with("-}") {
            open = false;
            continue;
        }
        if let Some((tag, value)) = tag(trimmed) {
            fields.push(Field {
                tag,
                line,
                lines: vec![value],
            });
            open = true;
            continue;
        }
        match fields.last_mut() {
            Some(field) if open => field.lines.push(l),
            _ => {
                return Err(ParseError::new(
                    line,
                    None,
                    format!(
                        "expected an MT940 field such as :20: here, found {}",
                        shown(trimmed)
                    ),
                ));
            }
        }
    }
    Ok((fields, last_line))
}

/// `:61:0101…` is tag `61` and value `0101…`: two letters or digits, then maybe a letter
/// (`28C`, `60F`, `NS`).
fn tag(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(':')?;
    let end = rest.find(':')?;
    let tag = &rest[..end];
    let b = tag.as_bytes();
    let ok = matches!(b.len(), 2 | 3)
        && b[..2].iter().all(u8::is_ascii_alphanumeric)
        && b[2..].iter().all(u8::is_ascii_uppercase);
    ok.then(|| (tag, &rest[end + 1..]))
}

/// Drops the SWIFT header blocks at the start of a line (`{1:F01…}{2:O940…}{3:{108:…}}`) and
/// the opening of the text block `{4:`, returning what follows. A block 5 trailer, which comes
/// after `-}`, goes the same way.
fn strip_blocks(mut l: &str, line: usize) -> Result<&str, ParseError> {
    while l.starts_with('{') {
        if let Some(rest) = l.strip_prefix("{4:") {
            return Ok(rest);
        }
        let mut depth = 0usize;
        let mut end = None;
        for (i, b) in l.bytes().enumerate() {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            return Err(ParseError::new(
                line,
                None,
                format!("the SWIFT block {} is not closed with }}", shown(l)),
            ));
        };
        l = &l[end + 1..];
    }
    Ok(l)
}
