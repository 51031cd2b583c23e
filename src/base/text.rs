//! Text as the office's files and terminals have it: full-width forms mixed
//! with half-width ones, labels padded with stray spaces, CJK characters two
//! columns wide, and spreadsheet cells that Excel would take for formulas.
//! One home for these so every reader compares and every writer escapes text
//! the same way.

use std::fmt::Write as _;

/// Maps full-width ASCII (U+FF01..U+FF5E) and the ideographic space to their
/// half-width forms; returns other characters unchanged. Chinese spreadsheets
/// mix both freely.
pub fn halfwidth(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Half-width form of `s` without any whitespace: how labels such as
/// "其中：财政    资金" or "产出 指标" are compared, since exports and
/// hand-filled sheets pad them unpredictably.
pub fn squash(s: &str) -> String {
    s.chars()
        .map(halfwidth)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A cell of text from the data that a spreadsheet could take for a formula
/// (= + - @, or a tab / carriage return that Excel strips) gets a leading
/// apostrophe, so opening the file in Excel cannot run anything.
pub fn csv_safe(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Display width in terminal columns: CJK and full-width characters take
/// two, combining marks none (Unicode's East Asian Width, through
/// `unicode-width`, rather than a hand-kept list of ranges).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Whether `s` has a Chinese (CJK) character or CJK / full-width
/// punctuation: what an English output must not have outside its data
/// (the English-on-request tests ask it of every report and page).
pub fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(u32::from(c),
            0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
    })
}

/// A TOML basic string: quotes, backslashes and control characters escaped,
/// everything else (Chinese included) written as is.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_removes_padding_and_full_width() {
        assert_eq!(squash("其中：财政　 资金"), "其中:财政资金");
        assert_eq!(squash(" ＡＢ１ "), "AB1");
    }

    #[test]
    fn csv_safe_neutralises_formulas() {
        assert_eq!(csv_safe("=1+1"), "'=1+1");
        assert_eq!(csv_safe("项目"), "项目");
    }

    #[test]
    fn width_counts_cjk_as_two() {
        assert_eq!(width("ab项目"), 6);
    }
}
