//! Cell-level rules every ledger reader applies: what counts as padding or
//! an Excel text marker, which rows are subtotals, and how a voucher number
//! is compared. Shared by the fast parser and the header search.

use crate::base::text::{halfwidth, squash};

/// Cleans a cell: surrounding whitespace (ASCII, ideographic, no-break),
/// Excel's text markers (a leading apostrophe, ="…").
pub(crate) fn clean(mut b: &[u8]) -> &[u8] {
    // Nearly every cell is empty, or starts and ends with a character that
    // is neither whitespace nor a text marker: nothing to do. (U+3000 is
    // E3 80 80 and U+00A0 is C2 A0 in UTF-8.)
    let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
        return b;
    };
    let start_plain =
        (f.is_ascii_graphic() && f != b'=' && f != b'\'') || (f >= 0x80 && f != 0xE3 && f != 0xC2);
    let end_plain = l.is_ascii_graphic() || (l > 0x80 && l != 0xA0);
    if start_plain && end_plain {
        return b;
    }
    loop {
        let before = b.len();
        b = b.trim_ascii();
        for ws in ["\u{3000}".as_bytes(), "\u{a0}".as_bytes()] {
            if let Some(r) = b.strip_prefix(ws) {
                b = r;
            }
            if let Some(r) = b.strip_suffix(ws) {
                b = r;
            }
        }
        if b.len() == before {
            break;
        }
    }
    if b.len() >= 3 && b.starts_with(b"=\"") && b.ends_with(b"\"") {
        b = &b[2..b.len() - 1];
    } else if let Some(r) = b.strip_prefix(b"'") {
        b = r;
    }
    b
}

/// Words that mark opening-balance and subtotal rows in accounting exports.
const SUMMARY_WORDS: &[&str] = &[
    "期初余额",
    "上年结转",
    "上期结转",
    "本月合计",
    "本月累计",
    "本年累计",
    "本期合计",
    "本期累计",
    "本日合计",
    "本季合计",
    "合计",
    "总计",
    "小计",
    "承前页",
    "过次页",
    "结转下年",
    "期末余额",
];

pub(crate) fn is_summary_word(cell: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(cell) else {
        return false;
    };
    let norm = squash(s);
    SUMMARY_WORDS.iter().any(|w| *w == norm)
}

/// A voucher number as an identity: trimmed, full-width folded.
pub(crate) fn voucher_bytes(b: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    // Nothing to fold unless the bytes hold whitespace or a full-width form
    // (U+FF01..U+FF5E: EF BC xx / EF BD xx); the other non-ASCII spaces all
    // start with C2, E1, E2 or E3. Checked on bytes: one pass, no decoding.
    let maybe_folds = |b: &[u8]| {
        b.iter().any(|&c| c.is_ascii_whitespace() || c == 0x0B)
            || b.windows(2).any(|w| {
                (w[0] == 0xEF && (w[1] == 0xBC || w[1] == 0xBD))
                    || matches!(w[0], 0xC2 | 0xE1 | 0xE2 | 0xE3)
            })
    };
    let plain = |b: &[u8]| {
        b.is_ascii()
            || !maybe_folds(b)
            || std::str::from_utf8(b)
                .is_ok_and(|s| s.chars().all(|c| halfwidth(c) == c && !c.is_whitespace()))
    };
    if plain(b) {
        std::borrow::Cow::Borrowed(b)
    } else {
        std::borrow::Cow::Owned(squash(&String::from_utf8_lossy(b)).into_bytes())
    }
}
