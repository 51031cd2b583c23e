//! Fuzz target for the ledger reader's row parser: the record splitter
//! (`src/ledger/scan.rs`), the guards for malformed exports
//! (`src/ledger/guard.rs`) and the amount parser (`src/money.rs`).
//!
//! The sources are included as they are, not through the crate: the crate
//! pulls in polars, which a fuzzing build would compile again with coverage
//! instrumentation (twenty minutes). These files depend only on memchr and
//! thiserror. The whole reader (files, encodings, chunks, merge) is covered
//! by the property tests in `tests/ledger_props.rs`.
//!
//! What is checked, for any bytes:
//! - nothing panics, and every record moves forward;
//! - a record found with more data to come (a chunk) is the record found in
//!   the whole text (what makes parsing chunks apart safe);
//! - splitting only the first fields gives the same record as splitting all;
//! - the fast splitter agrees with the general one where it answers;
//! - the incremental boundary finder agrees with a plain scan;
//! - bare-CR normalisation agrees with a simple reference, block by block;
//! - every amount parsed is within the documented range;
//! - excerpts are bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../src/base/text.rs"]
mod text;
// `super::text` in money.rs is the module above.
#[allow(dead_code)]
#[path = "../../src/base/money.rs"]
mod money;

// At the crate root, so that `super::scan` in guard.rs finds the splitter.
#[allow(dead_code)]
#[path = "../../src/ledger/scan.rs"]
mod scan;
#[allow(dead_code)]
#[path = "../../src/ledger/guard.rs"]
mod guard;
#[allow(dead_code)]
#[path = "../../src/base/line_ends.rs"]
mod line_ends;

use guard::{split_guarded, Split, Width};

fn records(buf: &[u8], eof: bool, delim: u8, limit: usize, width: Width) -> Vec<(usize, usize, usize, usize, bool)> {
    let mut fields = Vec::new();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < buf.len() {
        let Some(s) = split_guarded(buf, pos, delim, eof, &mut fields, limit, width) else {
            assert!(!eof, "an incomplete record at end of file");
            break;
        };
        let (r, bad) = match s {
            Split::Record(r) => (r, false),
            Split::Unclosed(r, _) => (r, true),
        };
        assert!(r.next > pos && r.next <= buf.len(), "no progress at {pos}");
        assert!(r.text_end >= pos && r.text_end <= r.next);
        assert!(r.newlines >= 1);
        if !bad && limit == usize::MAX {
            assert_eq!(r.fields, fields.len());
        }
        for f in &fields {
            assert!(f.start <= f.end && f.end <= buf.len());
            let cell = scan::field_text(buf, f);
            if let Ok(fen) = money::Fen::parse_bytes(&cell, money::AmountUnit::Yuan) {
                assert!(fen.0.unsigned_abs() <= money::MAX_FEN as u64);
            }
            if let Ok(fen) = money::Fen::parse_bytes(&cell, money::AmountUnit::Wan) {
                assert!(fen.0.unsigned_abs() <= money::MAX_FEN as u64);
            }
        }
        // Invalid UTF-8 becomes U+FFFD (3 bytes for each byte at worst).
        let (text, _) = guard::excerpt(&buf[pos..r.text_end]);
        assert!(text.len() <= 3 * guard::EXCERPT + 3);
        assert!(guard::show(&buf[pos..r.text_end]).len() <= 3 * 64 + 3);
        out.push((pos, r.next, r.newlines, r.fields, bad));
        pos = r.next;
    }
    out
}

fn boundary_plain(buf: &[u8]) -> Option<usize> {
    let mut quotes = 0usize;
    let mut best = None;
    for (i, &b) in buf.iter().enumerate() {
        if b == b'"' {
            quotes += 1;
        } else if b == b'\n' && quotes % 2 == 0 {
            best = Some(i + 1);
        }
    }
    best
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (ctl, buf) = data.split_at(4);
    let delim = [b',', b'\t', b';', b'|'][(ctl[0] & 3) as usize];
    let max = (ctl[1] % 16) as usize;
    let width = if max == 0 {
        Width::ANY
    } else {
        Width { min: max.saturating_sub((ctl[1] >> 4) as usize % 3), max }
    };
    let limit = match ctl[2] % 4 {
        0 => usize::MAX,
        k => k as usize * 3,
    };
    // The whole text, as the sequential reader sees it.
    let whole = records(buf, true, delim, usize::MAX, width);
    // With a field limit: the same records.
    let limited = records(buf, true, delim, limit, width);
    let strip = |v: &[(usize, usize, usize, usize, bool)]| -> Vec<(usize, usize, usize, bool)> {
        v.iter().map(|r| (r.0, r.1, r.2, r.4)).collect()
    };
    assert_eq!(strip(&whole), strip(&limited));
    for (w, l) in whole.iter().zip(&limited) {
        if !w.4 {
            assert_eq!(w.3, l.3, "field count with a limit");
        }
    }
    // A prefix, as a chunk with more to come: each record it completes is
    // the whole text's record.
    let cut = (ctl[3] as usize * buf.len()) / 255;
    let part = records(&buf[..cut], false, delim, usize::MAX, width);
    for (p, w) in part.iter().zip(&whole) {
        assert_eq!(p, w, "a chunk saw a different record");
    }
    assert!(part.len() <= whole.len());
    // Boundaries, fed in pieces.
    let mut scan = guard::BoundaryScan::default();
    let step = (ctl[3] as usize % 7) + 1;
    let mut end = 0;
    while end < buf.len() {
        end = (end + step).min(buf.len());
        assert_eq!(scan.advance(&buf[..end]), boundary_plain(&buf[..end]));
    }
    // Bare CR to LF, in two blocks, against the simple rule.
    let mut want = buf.to_vec();
    for i in 0..want.len() {
        if want[i] == b'\r' && want.get(i + 1) != Some(&b'\n') {
            want[i] = b'\n';
        }
    }
    let mut got = buf[..cut].to_vec();
    line_ends::bare_cr_to_lf(&mut got, 0, false);
    let from = got.len().saturating_sub(1);
    got.extend_from_slice(&buf[cut..]);
    line_ends::bare_cr_to_lf(&mut got, from, true);
    assert_eq!(got, want);
});
