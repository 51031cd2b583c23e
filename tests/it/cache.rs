//! The ledger cache in the state folder: a warm run gives exactly what a
//! cold run gives, reads only new or changed exports, and never trusts a
//! damaged, stale or foreign entry.

use crate::common::*;
use std::path::{Path, PathBuf};

/// A generated data set: registry, ledgers in their own folder, a state
/// folder.
struct Set {
    dir: tempfile::TempDir,
}

impl Set {
    fn new(args: &[&str]) -> Set {
        let dir = tempfile::tempdir().unwrap();
        generate_set(dir.path(), args);
        Set { dir }
    }
    fn ledgers(&self) -> PathBuf {
        self.dir.path().join("ledgers")
    }
    fn state(&self) -> PathBuf {
        self.dir.path().join("state")
    }
    fn entries(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.state().join("ledger-cache"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "bin"))
            .collect();
        v.sort();
        v
    }
    fn status(&self, extra: &[&str]) -> Ran {
        let registry = self.dir.path().join("data").join("registry.csv");
        let mut args = vec![
            "status",
            "--projects",
            registry.to_str().unwrap(),
            "--ledger",
            self.ledgers().to_str().unwrap().to_string().leak(),
            "--as-of",
            "2025-12-31",
            "--format",
            "csv",
            "--state",
            self.state().to_str().unwrap().to_string().leak(),
        ];
        args.extend_from_slice(extra);
        let r = run(self.dir.path(), &args);
        assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
        r
    }
    fn cold(&self) -> String {
        self.status(&["--no-cache"]).stdout
    }
}

/// How many files the run took from the cache (from its summary line,
/// Chinese by default: "status：… 个账表文件（0 个无法读取，7 个来自缓存），…").
fn from_cache(r: &Ran) -> usize {
    let line = r
        .stderr
        .lines()
        .find(|l| l.starts_with("status："))
        .unwrap();
    let at = line.find(" 个来自缓存").unwrap();
    let head = &line[..at];
    head[head.rfind('，').unwrap() + '，'.len_utf8()..]
        .parse()
        .unwrap()
}

/// The rows of one day of an export, with its header: a daily export that
/// overlaps the monthly one.
fn day_export(from: &Path, day: &str, to: &Path) {
    let text = std::fs::read_to_string(from).unwrap();
    let mut lines = text.lines();
    let mut out = String::from(lines.next().unwrap());
    out.push('\n');
    for l in lines.filter(|l| l.starts_with(day)) {
        out.push_str(l);
        out.push('\n');
    }
    std::fs::write(to, out).unwrap();
}

#[test]
fn warm_runs_read_only_new_exports_and_match_a_cold_run() {
    let s = Set::new(&["--projects", "30", "--rows", "4000", "--files", "4"]);
    let cold = s.cold();
    let first = s.status(&[]);
    assert_eq!(from_cache(&first), 0);
    assert_eq!(first.stdout, cold);
    let second = s.status(&[]);
    assert_eq!(from_cache(&second), 4, "{}", second.stderr);
    assert_eq!(second.stdout, cold);

    // Tonight's export repeats the last day: same figures, one file read.
    day_export(
        &s.ledgers().join("ledger-04.csv"),
        "2025-12-31",
        &s.ledgers().join("ledger-daily.csv"),
    );
    let third = s.status(&[]);
    assert_eq!(from_cache(&third), 4, "{}", third.stderr);
    assert_eq!(third.stdout, cold);
    assert_eq!(third.stdout, s.cold());
    let fourth = s.status(&[]);
    assert_eq!(from_cache(&fourth), 5);
    assert_eq!(fourth.stdout, cold);
    // No entry is left behind for a file that is gone.
    std::fs::remove_file(s.ledgers().join("ledger-daily.csv")).unwrap();
    assert_eq!(s.status(&[]).stdout, cold);
    assert_eq!(s.entries().len(), 4);
}

#[test]
fn an_edited_export_is_read_again() {
    let s = Set::new(&["--projects", "20", "--rows", "3000", "--files", "3"]);
    let before = s.status(&[]).stdout;
    let path = s.ledgers().join("ledger-02.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // Change one payment's amount (same length, so the size is unchanged).
    let line = text.lines().nth(5).unwrap().to_string();
    let (head, amount_and_rest) = line.split_at(line.rfind(',').unwrap());
    let (head, amount) = head.split_at(head.rfind(',').unwrap() + 1);
    let first = amount.chars().next().unwrap();
    let changed_digit = if first == '9' { '1' } else { '9' };
    let new_amount: String = std::iter::once(changed_digit)
        .chain(amount.chars().skip(1))
        .collect();
    let edited = text.replacen(&line, &format!("{head}{new_amount}{amount_and_rest}"), 1);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&path, edited).unwrap();
    let after = s.status(&[]);
    assert_eq!(from_cache(&after), 2, "{}", after.stderr);
    assert_ne!(after.stdout, before);
    assert_eq!(after.stdout, s.cold());
}

#[test]
fn damaged_entries_are_detected_and_rebuilt() {
    let s = Set::new(&["--projects", "20", "--rows", "3000", "--files", "3"]);
    let cold = s.status(&[]).stdout;
    let entries = s.entries();
    assert_eq!(entries.len(), 3);

    // A flipped byte in a section checked on load (the bucket sizes, last).
    let mut bytes = std::fs::read(&entries[0]).unwrap();
    let at = bytes.len() - 100;
    bytes[at] ^= 0x55;
    std::fs::write(&entries[0], &bytes).unwrap();
    // A truncated entry.
    let len = std::fs::metadata(&entries[1]).unwrap().len();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&entries[1])
        .unwrap();
    f.set_len(len / 2).unwrap();
    drop(f);
    let r = s.status(&[]);
    assert_eq!(r.stdout, cold);
    assert_eq!(from_cache(&r), 1, "{}", r.stderr);
    // Chinese by default, the reason too (no English inside the sentence).
    let notes: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("的账表缓存不可用（"))
        .collect();
    assert_eq!(notes.len(), 2, "{}", r.stderr);
    for n in &notes {
        assert!(n.starts_with("提示："), "{n}");
        assert!(n.ends_with("）；重新读取该文件"), "{n}");
        let why = &n[n.find('（').unwrap()..];
        assert!(!why.chars().any(|c| c.is_ascii_alphabetic()), "{n}");
    }
    // Rebuilt: the next run takes everything from the cache again.
    let again = s.status(&[]);
    assert_eq!(from_cache(&again), 3, "{}", again.stderr);
    assert_eq!(again.stdout, cold);
    // In English on request, reason and all (English runs keep entries of
    // their own: the quarantine reasons in them are text).
    let en = s.status(&["--lang", "en"]);
    assert_eq!(en.stdout, cold);
    for entry in s.entries() {
        let mut bytes = std::fs::read(&entry).unwrap();
        let at = bytes.len() - 100;
        bytes[at] ^= 0x55;
        std::fs::write(&entry, &bytes).unwrap();
    }
    let en = s.status(&["--lang", "en"]);
    assert_eq!(en.stdout, cold);
    assert_eq!(
        en.stderr
            .matches("is unusable (checksum mismatch); re-reading the file")
            .count(),
        3,
        "{}",
        en.stderr
    );
}

#[test]
fn damaged_records_are_caught_when_read() {
    // Overlapping exports: the merge reads the records of repeated
    // payments from the entries, and each carries its own check value.
    let s = Set::new(&["--projects", "20", "--rows", "3000", "--files", "3"]);
    let cold = s.status(&[]).stdout;
    for entry in s.entries() {
        let mut bytes = std::fs::read(&entry).unwrap();
        // The section table follows magic (8), version (4), padding (4),
        // context (8) and content (16): six (offset, length, checksum); the
        // payloads are the second section.
        let at = 40 + 24;
        let offset = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
        let len = u64::from_le_bytes(bytes[at + 8..at + 16].try_into().unwrap()) as usize;
        for b in &mut bytes[offset..offset + len] {
            *b ^= 0xA5;
        }
        std::fs::write(&entry, &bytes).unwrap();
    }
    let r = s.status(&[]);
    assert_eq!(r.stdout, cold);
    assert!(
        r.stderr
            .contains("的账表缓存不可用（有记录与其校验值不符）"),
        "{}",
        r.stderr
    );
    let again = s.status(&[]);
    assert_eq!(again.stdout, cold);
}

#[test]
fn a_garbled_index_or_a_foreign_registry_means_reading_again() {
    let s = Set::new(&["--projects", "20", "--rows", "2000", "--files", "2"]);
    let cold = s.status(&[]).stdout;
    for e in std::fs::read_dir(s.state().join("ledger-cache")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|e| e == "tsv") {
            std::fs::write(&p, "garbage\n\t\t\n").unwrap();
        }
    }
    let r = s.status(&[]);
    assert_eq!(r.stdout, cold);
    assert_eq!(from_cache(&r), 0, "{}", r.stderr);
    assert_eq!(from_cache(&s.status(&[])), 2);

    // Another registry (one project fewer) is another context: entries made
    // for the first are not used for it.
    let registry = s.dir.path().join("data").join("registry.csv");
    let text = std::fs::read_to_string(&registry).unwrap();
    let fewer: Vec<&str> = text.lines().take(text.lines().count() - 1).collect();
    let other = s.dir.path().join("registry-fewer.csv");
    std::fs::write(&other, fewer.join("\n") + "\n").unwrap();
    let r = run(
        s.dir.path(),
        &[
            "status",
            "--projects",
            other.to_str().unwrap(),
            "--ledger",
            s.ledgers().to_str().unwrap(),
            "--as-of",
            "2025-12-31",
            "--format",
            "csv",
            "--state",
            s.state().to_str().unwrap(),
        ],
    );
    assert_eq!(from_cache(&r), 0, "{}", r.stderr);
}
