//! Text from configuration on its way to places that give characters a
//! meaning: mail headers, spreadsheet XML, sheet names, terminals, file
//! names. A line break in a person's name once became a header the mail
//! library refused to print (the run died with exit 101); an ESC in a project
//! name made every workbook unreadable XML. So text is checked once, where
//! it is read (`check_config_text`, with file, line and column), and each
//! sink still has exactly one function that renders any text safely for it,
//! as a second line of defence for text that did not come through the check
//! (registry rows, ledger data, templates).

/// Why a piece of configuration text is refused, or None when it is fine.
/// `multi_line` allows line feeds and tabs (free text such as 资金用途 or an
/// indicator's description, shown in cells and bodies, never in a header).
pub fn refusal(s: &str, multi_line: bool) -> Option<(usize, String)> {
    for (i, c) in s.char_indices() {
        if multi_line && (c == '\n' || c == '\t') {
            continue;
        }
        if let Some(what) = forbidden(c) {
            return Some((
                i,
                crate::base::i18n::message(
                    "esc-contains",
                    &[
                        ("what", crate::base::i18n::message(what, &[])),
                        ("code", codepoint(c)),
                    ],
                ),
            ));
        }
    }
    None
}

/// What a character is, when configuration text may not hold it: control
/// characters (C0, DEL, C1: they end headers and drive terminals),
/// Unicode noncharacters (not allowed in XML, so in no workbook), line and
/// paragraph separators, and the bidirectional overrides that make text
/// display in another order than it is read. The answer is a catalogue
/// key (`esc-…`).
fn forbidden(c: char) -> Option<&'static str> {
    match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => Some("esc-line-break"),
        '\t' => Some("esc-tab"),
        c if c.is_control() => Some("esc-control"),
        c if is_noncharacter(c) => Some("esc-noncharacter"),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some("esc-bidi"),
        _ => None,
    }
}

/// Whether a character may stand in a single-line name anywhere.
pub fn is_plain(c: char) -> bool {
    forbidden(c).is_none()
}

fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

fn codepoint(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Configuration keys whose values are free text that may span lines.
pub const MULTI_LINE_KEYS: [&str; 6] =
    ["purpose", "goal", "description", "basis", "reason", "value"];

/// Checks every key and string value of a TOML text, as the one place where
/// configuration text is refused: each problem names the file, line and
/// column of the string. Parsing errors are left to the deserializer.
pub fn check_toml(
    path: &std::path::Path,
    text: &str,
    errors: &mut Vec<crate::base::diag::Diagnostic>,
) {
    use toml::de::{DeTable, DeValue};
    let Ok(root) = DeTable::parse(text) else {
        return;
    };
    fn walk(
        key: &str,
        v: &toml::Spanned<DeValue<'_>>,
        found: &mut Vec<(usize, String)>,
        depth: usize,
    ) {
        // TOML nests as deep as the file says; a hostile file must not
        // exhaust the stack here either.
        if depth > 64 {
            return;
        }
        match v.get_ref() {
            DeValue::String(s) => {
                if let Some((_, why)) = refusal(s, MULTI_LINE_KEYS.contains(&key)) {
                    found.push((v.span().start, format!("{key}: {why}")));
                }
            }
            DeValue::Array(a) => {
                for x in a.iter() {
                    walk(key, x, found, depth + 1);
                }
            }
            DeValue::Table(t) => table(t, found, depth + 1),
            _ => {}
        }
    }
    fn table(t: &DeTable<'_>, found: &mut Vec<(usize, String)>, depth: usize) {
        for (k, v) in t.iter() {
            if let Some((_, why)) = refusal(k.get_ref(), false) {
                found.push((
                    k.span().start,
                    crate::base::i18n::message("esc-key", &[("why", why)]),
                ));
            }
            walk(k.get_ref(), v, found, depth);
        }
    }
    let mut found = Vec::new();
    table(root.get_ref(), &mut found, 0);
    // In file order, as a person reads them.
    found.sort_by_key(|(at, _)| *at);
    for (at, why) in found {
        errors.push(crate::base::diag::Diagnostic::at_offset(
            path,
            text,
            at,
            crate::base::i18n::message("esc-not-plain", &[("why", why)]),
        ));
    }
}

/// For a mail header (a display name, a subject): every control,
/// separator or noncharacter becomes a space, so nothing can end the header
/// or start another.
pub fn header(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| if forbidden(c).is_some() { ' ' } else { c })
        .collect();
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For XML (the cells and names inside a workbook): characters XML 1.0
/// cannot hold (controls other than tab and line breaks, noncharacters)
/// become U+FFFD, so the workbook stays well-formed.
pub fn xml(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(xml_illegal) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| if xml_illegal(c) { '\u{FFFD}' } else { c })
        .collect::<String>()
        .into()
}

fn xml_illegal(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_noncharacter(c)
}

/// For a terminal: control characters (ESC, CR, ...), separators and
/// bidirectional overrides are shown as visible escapes (`\u{1b}`) instead
/// of being obeyed.
pub fn terminal(s: &str) -> String {
    if !s.chars().any(|c| forbidden(c).is_some()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if forbidden(c).is_some() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// For a file name: anything that is not a letter, a digit or `-._@`
/// becomes `_` (no separators, no controls, no leading dot).
pub fn file_name(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-._@".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    match t.strip_prefix('.') {
        Some(rest) => format!("_{rest}"),
        None => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_text_refusals() {
        assert!(refusal("部门负责人A", false).is_none());
        assert_eq!(refusal("A\nB", false).unwrap().0, 1);
        assert!(refusal("A\nB", true).is_none());
        assert!(refusal("A\r\nB", true).is_some());
        for bad in ["\u{1b}[31m", "\u{1}", "x\u{FFFE}", "\u{202E}abc", "\u{7f}"] {
            assert!(refusal(bad, true).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn sinks_escape() {
        assert_eq!(header("张三\r\nBcc: x@y.z"), "张三 Bcc: x@y.z");
        assert_eq!(xml("a\u{1b}b\u{FFFE}\tc"), "a\u{FFFD}b\u{FFFD}\tc");
        assert_eq!(terminal("a\u{1b}[2J\rb"), "a\\u{1b}[2J\\u{d}b");
        assert_eq!(file_name("../a b/.c"), "_._a_b_.c");
    }

    #[test]
    fn toml_strings_are_checked_with_position() {
        let mut errors = Vec::new();
        let text = "[a]\nname = \"x\\ny\"\npurpose = \"line1\\nline2\"\n\"k\\u001b\" = 1\n";
        check_toml(std::path::Path::new("p.toml"), text, &mut errors);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].line, Some(2));
        assert_eq!(errors[0].column, Some(8));
        assert!(errors[0].message.contains("换行符"));
        assert_eq!(errors[1].line, Some(4));
    }
}
