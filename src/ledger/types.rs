//! The ledger's data model: what ingestion is told, what each file
//! contributes before dedup, and what the office is shown afterwards. Kept
//! apart from the parser and the cache so both build on it and neither on
//! the other.

use std::path::PathBuf;

use super::profile::{LedgerProfile, Style};
use super::records::Records;
use crate::base::encoding::TextEncoding;
use crate::base::money::AmountUnit;

/// Payments of one project on one day, after dedup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DailyTotal {
    /// Index into the configured project list.
    pub project: u32,
    /// 0-based day of the fiscal year.
    pub day: u16,
    /// Signed sum in fen.
    pub fen: i64,
    /// Number of payment rows counted (reversals included).
    pub payments: u32,
}

/// The cells of the projects `indexes` (ascending) out of a table sorted
/// by project and day, renumbered to their place in `indexes`: the table
/// of a configuration holding those projects only (`Config::of_unit`).
/// Binary searches, so cutting a province's table into its units costs one
/// pass in all.
pub fn daily_of(daily: &[DailyTotal], indexes: &[usize]) -> Vec<DailyTotal> {
    let mut out = Vec::new();
    for (new, &old) in indexes.iter().enumerate() {
        let from = daily.partition_point(|c| (c.project as usize) < old);
        let to = from + daily[from..].partition_point(|c| c.project as usize == old);
        out.extend(daily[from..to].iter().map(|c| DailyTotal {
            project: new as u32,
            ..*c
        }));
    }
    out
}

/// What happened to one input file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    /// The file.
    pub path: PathBuf,
    /// Detected encoding.
    pub encoding: Option<TextEncoding>,
    /// The profile that matched its header.
    pub profile: Option<String>,
    /// Unit of the amounts.
    pub unit: AmountUnit,
    /// 1-based line of the header.
    pub header_line: usize,
    /// Data rows after the header.
    pub rows_read: u64,
    /// Rows counted as payments.
    pub used: u64,
    /// Rows already counted from another export.
    pub duplicates: u64,
    /// 期初余额 / 合计 / 累计 rows and blank rows.
    pub summary: u64,
    /// Rows put aside.
    pub quarantined: u64,
    /// Why the file could not be read at all.
    pub error: Option<String>,
}

impl FileReport {
    /// The reconciliation line printed for every file, in the user's
    /// language: read = used + duplicates + summary/blank + quarantined.
    pub fn reconciliation(&self) -> String {
        let file = self.path.display().to_string();
        match &self.error {
            Some(e) => crate::base::i18n::message(
                "reconciliation-unreadable",
                &[("file", file), ("error", e.clone())],
            ),
            None => crate::base::i18n::message(
                "reconciliation",
                &[
                    ("file", file),
                    ("read", self.rows_read.to_string()),
                    ("used", self.used.to_string()),
                    ("duplicates", self.duplicates.to_string()),
                    ("summary", self.summary.to_string()),
                    ("quarantined", self.quarantined.to_string()),
                    (
                        "profile",
                        self.profile.clone().unwrap_or_else(|| "?".into()),
                    ),
                    (
                        "encoding",
                        self.encoding.map(|e| e.name()).unwrap_or("?").to_string(),
                    ),
                    (
                        "unit",
                        // 元 or 万元 in Chinese, yuan or 10k yuan in English.
                        crate::base::i18n::message(
                            match self.unit {
                                crate::base::money::AmountUnit::Yuan => "report-unit-yuan",
                                crate::base::money::AmountUnit::Wan => "report-unit-wan",
                            },
                            &[],
                        ),
                    ),
                ],
            ),
        }
    }

    /// True when the equation holds (it always should; checked in tests).
    pub fn balanced(&self) -> bool {
        self.rows_read == self.used + self.duplicates + self.summary + self.quarantined
    }
}

/// A row put aside for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarantineRow {
    /// Source file.
    pub file: PathBuf,
    /// 1-based physical line.
    pub line: usize,
    /// Why.
    pub reason: String,
    /// The row as it was in the file.
    pub text: String,
}

/// What ingestion needs to know.
pub struct IngestOptions<'a> {
    /// Only payments dated in this year are used.
    pub fiscal_year: i32,
    /// Column mappings, tried in order.
    pub profiles: &'a [LedgerProfile],
    /// Project codes in the configured order: a payment's project is the
    /// index of its code here. Borrowed, not a map: a province's registry
    /// holds hundreds of thousands of codes, and the reader builds its own
    /// lookup table (`read::Codes`) from them.
    pub projects: Vec<&'a str>,
    /// Show a progress bar on stderr (only honoured when it is a terminal).
    pub progress: bool,
    /// Files never to read as ledgers (the quarantine file itself).
    pub exclude: Vec<PathBuf>,
    /// State folder whose ledger cache is used and updated; None reads
    /// every export from scratch.
    pub state_dir: Option<PathBuf>,
}

/// The payments of one file on one day for one project, before dedup:
/// the same shape as the merged result, so merging never converts.
pub(crate) type Cell = DailyTotal;

/// A row put aside, with its line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadRow {
    pub line: usize,
    pub reason: String,
    pub text: String,
}

/// Everything one file contributes, before dedup against the other files.
/// This is what the cache keeps per file.
#[derive(Debug, Default)]
pub(crate) struct FileData {
    /// Counts as parsed: `used` counts every payment row, `duplicates` 0.
    pub report: FileReport,
    /// The family the file was read as (None when it could not be read).
    pub style: Option<Style>,
    /// Rows put aside.
    pub bad: Vec<BadRow>,
    /// Sums per (project, day), sorted. Shared, not copied, between the
    /// merge and the cache writer: a file read this run is stored while its
    /// cells also become (most of) the ledger's daily table.
    pub cells: std::sync::Arc<Vec<Cell>>,
    /// Dedup records, by bucket, sorted by key.
    pub records: Records,
    /// Keys that occur more than once in this file, sorted.
    pub dups: Vec<u64>,
    /// Hash of the file's bytes, when it was read to the end.
    pub content_hash: Option<u128>,
    /// For a large file: its records already written into an entry.
    pub entry: Option<PendingEntry>,
}

/// An entry whose records are written; the cache completes it.
#[derive(Debug)]
pub(crate) struct PendingEntry {
    /// Its temporary path in the cache folder (None: already unlinked).
    pub path: Option<std::path::PathBuf>,
    /// Number of records.
    pub n: u64,
    /// Per bucket: records and key checksum.
    pub sizes: Vec<(u64, u64)>,
}
