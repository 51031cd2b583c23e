//! The ledger cache in the state folder: what was parsed from each export,
//! so the nightly run reads only new or changed files.
//!
//! Exports only grow: the year's files stay and a new one arrives each day.
//! Each parsed file is kept as one entry named by the hash of its bytes and
//! by the hash of everything that shaped the parse (fiscal year, project
//! list, column profiles, format version), so an edited file or a changed
//! config never meets a stale entry. An index remembers each path's size,
//! modification time and inode with its content hash, so unchanged files
//! are recognised without reading them (as git's index does); a file whose
//! time is too close to the index's own writing is hashed again, since a
//! same-second edit would not show in its time.
//!
//! An entry is trusted only if its magic, version, both hashes and its
//! checksum agree; otherwise it is reported, deleted and the file re-read.
//! Entries are written to a temporary name and renamed, so a crash leaves
//! either the old entry or the new one.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use xxhash_rust::xxh3::Xxh3;

use super::profile::Style;
use super::records::{
    record_offsets, write_bucket, CachedRecords, Records, BUCKETS, DAYS, HEADER_LEN, PAYLOAD_LEN,
    SECTIONS,
};
use super::types::{BadRow, Cell, FileData};
use crate::base::encoding::TextEncoding;
use crate::base::i18n::message;
use crate::base::money::AmountUnit;

/// The folder inside the state folder.
pub const CACHE_DIR: &str = "ledger-cache";

const MAGIC: &[u8; 8] = b"BMLEDGC2";

/// Bumped whenever the entry layout or the parsing rules change (6: field
/// counts, unclosed quotes, bare-CR line ends and the amount bound of
/// issue 10 change what a file gives; 7: the readers' sums per cell became
/// sparse for large registries, so entries of older builds are not trusted
/// to agree).
pub(crate) const FORMAT_VERSION: u32 = 7;

/// Entries of other configurations unused this long are removed.
const KEEP_FOREIGN: Duration = Duration::from_secs(7 * 24 * 3600);

/// A file's identity as the index remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stat {
    size: u64,
    mtime_ns: i128,
    ino: u64,
}

/// A file's identity now, to store its entry under after reading it.
pub(crate) fn stat(path: &Path) -> Option<Stat> {
    let m = std::fs::metadata(path).ok()?;
    let mtime_ns = match m.modified().ok()?.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    };
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let ino = 0;
    Some(Stat {
        size: m.len(),
        mtime_ns,
        ino,
    })
}

fn now_ns() -> i128 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}

/// The ledger cache of one state folder for one parsing context.
pub(crate) struct Cache {
    dir: PathBuf,
    context: u64,
    /// Number of projects: indices in an entry must stay below it.
    projects: usize,
    /// Path -> (stat, content hash) from the previous run.
    index: HashMap<PathBuf, (Stat, u128)>,
    index_written_ns: i128,
    /// What this run saw, written as the next index.
    seen: Vec<(PathBuf, Stat, u128)>,
    /// Messages for the operator (corrupt entries, write failures).
    pub notes: Vec<String>,
}

impl Cache {
    /// Opens (creating) the cache inside `state_dir`.
    pub fn open(state_dir: &Path, context: u64, projects: usize) -> Result<Cache, String> {
        let dir = state_dir.join(CACHE_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| {
            message(
                "cache-folder-cannot-create",
                &[("dir", dir.display().to_string()), ("error", e.to_string())],
            )
        })?;
        let mut cache = Cache {
            dir,
            context,
            projects,
            index: HashMap::new(),
            index_written_ns: 0,
            seen: Vec::new(),
            notes: Vec::new(),
        };
        cache.read_index();
        Ok(cache)
    }

    fn index_path(&self) -> PathBuf {
        self.dir.join(format!("index-{:016x}.tsv", self.context))
    }

    /// The cache folder (for scratch files on the same disk).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry_path(&self, content: u128) -> PathBuf {
        self.dir
            .join(format!("{content:032x}-{:016x}.bin", self.context))
    }

    fn read_index(&mut self) {
        let Ok(text) = std::fs::read_to_string(self.index_path()) else {
            return;
        };
        let mut lines = text.lines();
        let Some(written) = lines
            .next()
            .and_then(|l| l.strip_prefix("# written "))
            .and_then(|n| n.parse::<i128>().ok())
        else {
            return;
        };
        self.index_written_ns = written;
        for line in lines {
            let parts: Vec<&str> = line.splitn(5, '\t').collect();
            let [hash, size, mtime, ino, path] = parts[..] else {
                continue;
            };
            let (Ok(hash), Ok(size), Ok(mtime_ns), Ok(ino)) = (
                u128::from_str_radix(hash, 16),
                size.parse(),
                mtime.parse(),
                ino.parse(),
            ) else {
                continue;
            };
            self.index.insert(
                PathBuf::from(path),
                (
                    Stat {
                        size,
                        mtime_ns,
                        ino,
                    },
                    hash,
                ),
            );
        }
    }

    /// The cached parse of `path`, if there is a sound one; otherwise the
    /// file's identity now (before it is read), to store its parse under.
    pub fn lookup(&mut self, path: &Path) -> Lookup {
        let Some(now) = stat(path) else {
            return Lookup::Miss(None);
        };
        let key = canonical(path);
        let known = self.index.get(&key).cloned();
        let content = match known {
            Some((was, hash))
                if was == now && now.mtime_ns + 2_000_000_000 < self.index_written_ns =>
            {
                hash
            }
            // Same size but touched (or too recent to trust its time): the
            // bytes decide.
            Some((was, _)) if was.size == now.size => {
                match crate::base::encoding::hash_file(path) {
                    Ok(h) => h,
                    Err(_) => return Lookup::Miss(Some(now)),
                }
            }
            _ => return Lookup::Miss(Some(now)),
        };
        let entry = self.entry_path(content);
        if !entry.exists() {
            return Lookup::Miss(Some(now));
        }
        match read_entry(&entry, self.context, content, self.projects) {
            Ok(mut data) => {
                data.report.path = path.to_path_buf();
                self.seen.push((key, now, content));
                Lookup::Hit(Box::new(data))
            }
            Err(why) => {
                self.notes.push(message(
                    "cache-entry-unusable",
                    &[("file", path.display().to_string()), ("why", why)],
                ));
                let _ = std::fs::remove_file(&entry);
                Lookup::Miss(Some(now))
            }
        }
    }

    /// Removes the entry of these contents (found damaged).
    pub fn forget(&mut self, content: u128) {
        let _ = std::fs::remove_file(self.entry_path(content));
        self.seen.retain(|s| s.2 != content);
    }

    /// Keeps a freshly parsed file. `before` is its identity before it was
    /// read; files that could not be read are not kept.
    pub fn store(&mut self, path: &Path, before: Option<Stat>, data: &FileData) {
        let pending = data.entry.as_ref().and_then(|e| e.path.clone());
        let drop_pending = || {
            if let Some(p) = &pending {
                let _ = std::fs::remove_file(p);
            }
        };
        let (Some(before), Some(content), None) =
            (before, data.content_hash, data.report.error.as_ref())
        else {
            drop_pending();
            return;
        };
        // A file that changed while it was read is not remembered by stat.
        if stat(path).as_ref() != Some(&before) {
            drop_pending();
            return;
        }
        let entry = self.entry_path(content);
        let written = match (&data.entry, &pending) {
            // Records already in place: complete the entry and name it.
            (Some(e), Some(tmp)) => std::fs::OpenOptions::new()
                .write(true)
                .open(tmp)
                .and_then(|mut f| finish_entry(&mut f, self.context, content, e.n, &e.sizes, data))
                .and_then(|_| std::fs::rename(tmp, &entry)),
            _ => write_entry(&entry, self.context, content, data),
        };
        if let Err(e) = written {
            drop_pending();
            self.notes.push(message(
                "cache-entry-cannot-write",
                &[
                    ("file", entry.display().to_string()),
                    ("error", e.to_string()),
                ],
            ));
            return;
        }
        self.seen.push((canonical(path), before, content));
    }

    /// Writes the index for the next run and removes entries nothing refers
    /// to any more.
    pub fn finish(mut self) {
        let written = now_ns();
        let mut text = format!("# written {written}\n");
        self.seen.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, s, hash) in &self.seen {
            let Some(p) = path.to_str() else { continue };
            if p.contains(['\t', '\n']) {
                continue;
            }
            text.push_str(&format!(
                "{hash:032x}\t{}\t{}\t{}\t{p}\n",
                s.size, s.mtime_ns, s.ino
            ));
        }
        let index = self.index_path();
        if let Err(e) = write_atomic(&index, text.as_bytes()) {
            self.notes.push(message(
                "file-cannot-write",
                &[
                    ("file", index.display().to_string()),
                    ("error", e.to_string()),
                ],
            ));
        }
        let keep: std::collections::HashSet<String> = self
            .seen
            .iter()
            .map(|(_, _, h)| format!("{h:032x}-{:016x}.bin", self.context))
            .collect();
        let suffix = format!("-{:016x}.bin", self.context);
        let Ok(list) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in list.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let ours = name.ends_with(&suffix);
            let entry_like = name.ends_with(".bin") || name.starts_with(".tmp-");
            if !entry_like || keep.contains(&name) {
                continue;
            }
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > KEEP_FOREIGN);
            // Superseded entries of this configuration go now; entries of
            // another configuration (another registry, another year) and
            // leftovers of a crash go once unused for a week.
            // A temporary file is another run's entry being written right
            // now (parallel `status` on one state folder): never touched
            // until it is a week old.
            let temporary = name.starts_with(".tmp-");
            if (ours && name.ends_with(".bin") && !temporary) || old {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// The result of a cache lookup.
pub(crate) enum Lookup {
    Hit(Box<FileData>),
    /// Not cached; the file's identity before reading, to store it under.
    Miss(Option<Stat>),
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_name(path);
    let r = (|| {
        // No fsync: an index lost in a crash only costs a re-hash.
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        std::fs::rename(&tmp, path)
    })();
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

fn temp_name(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".tmp-{}-{n}-{name}", std::process::id()))
}

const CELL_LEN: usize = 18;

/// A writer that hashes and counts what it writes.
struct HashWriter<W: Write> {
    inner: W,
    hash: Xxh3,
    written: u64,
}

impl<W: Write> Write for HashWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> HashWriter<W> {
    /// Ends a section: returns (length, checksum) and starts the next.
    fn section(&mut self) -> (u64, u64) {
        let out = (self.written, self.hash.digest());
        self.written = 0;
        self.hash = Xxh3::new();
        out
    }
}

/// Writes a parsed file's entry: records bucket by bucket (on all cores),
/// then the rest.
fn write_entry(path: &Path, context: u64, content: u128, d: &FileData) -> std::io::Result<()> {
    use rayon::prelude::*;
    let Records::Parsed(buckets) = &d.records else {
        return Err(std::io::Error::other("only parsed files are written"));
    };
    let tmp = temp_name(path);
    let r = (|| {
        let mut f = File::create(&tmp)?;
        let n: u64 = buckets.iter().map(|b| b.len() as u64).sum();
        let mut starts = Vec::with_capacity(BUCKETS);
        let mut at = 0usize;
        for b in buckets {
            starts.push(at);
            at += b.len();
        }
        let file: &File = &f;
        let sums = buckets
            .par_iter()
            .zip(starts.par_iter())
            .map(|(b, &start)| write_bucket(file, n, start, b))
            .collect::<std::io::Result<Vec<u64>>>()?;
        let sizes: Vec<(u64, u64)> = buckets.iter().map(|b| b.len() as u64).zip(sums).collect();
        finish_entry(&mut f, context, content, n, &sizes, d)?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

/// Completes an entry whose `n` records are in place: appends the report
/// and bad rows, the cells, the repeated keys and the bucket sizes with
/// their key checksums, then writes the header with the section table.
pub(crate) fn finish_entry(
    f: &mut File,
    context: u64,
    content: u128,
    n: u64,
    sizes: &[(u64, u64)],
    d: &FileData,
) -> std::io::Result<()> {
    let (_, payloads_at) = record_offsets(n);
    f.seek(SeekFrom::Start(payloads_at + n * PAYLOAD_LEN))?;
    let mut table = vec![(n * 8, 0), (n * PAYLOAD_LEN, 0)];
    {
        let mut w = HashWriter {
            inner: BufWriter::with_capacity(1 << 20, &mut *f),
            hash: Xxh3::new(),
            written: 0,
        };
        write_meta(&mut w, d)?;
        table.push(w.section());
        // Large sections go out in 1 MiB slabs: per-item writes through the
        // hashing writer would cost more than the parse saved.
        let mut slab: Vec<u8> = Vec::with_capacity(1 << 20);
        for chunk in d.cells.chunks(1 << 15) {
            slab.clear();
            for c in chunk {
                slab.extend_from_slice(&c.fen.to_le_bytes());
                slab.extend_from_slice(&c.payments.to_le_bytes());
                slab.extend_from_slice(&c.project.to_le_bytes());
                slab.extend_from_slice(&c.day.to_le_bytes());
            }
            w.write_all(&slab)?;
        }
        table.push(w.section());
        slab.clear();
        for k in &d.dups {
            slab.extend_from_slice(&k.to_le_bytes());
        }
        w.write_all(&slab)?;
        table.push(w.section());
        slab.clear();
        for &(size, sum) in sizes {
            slab.extend_from_slice(&size.to_le_bytes());
            slab.extend_from_slice(&sum.to_le_bytes());
        }
        w.write_all(&slab)?;
        table.push(w.section());
        w.flush()?;
    }
    let mut h = Vec::with_capacity(HEADER_LEN as usize);
    h.extend_from_slice(MAGIC);
    h.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    h.extend_from_slice(&0u32.to_le_bytes());
    h.extend_from_slice(&context.to_le_bytes());
    h.extend_from_slice(&content.to_le_bytes());
    let mut offset = HEADER_LEN;
    for (len, sum) in table {
        h.extend_from_slice(&offset.to_le_bytes());
        h.extend_from_slice(&len.to_le_bytes());
        h.extend_from_slice(&sum.to_le_bytes());
        offset += len;
    }
    f.seek(SeekFrom::Start(0))?;
    f.write_all(&h)?;
    Ok(())
}

fn put_u64(w: &mut impl Write, v: u64) -> std::io::Result<()> {
    w.write_all(&v.to_le_bytes())
}

fn put_str(w: &mut impl Write, s: &str) -> std::io::Result<()> {
    put_u64(w, s.len() as u64)?;
    w.write_all(s.as_bytes())
}

fn put_opt_str(w: &mut impl Write, s: Option<&str>) -> std::io::Result<()> {
    match s {
        None => put_u64(w, u64::MAX),
        Some(s) => put_str(w, s),
    }
}

fn encoding_tag(e: Option<TextEncoding>) -> u64 {
    match e {
        None => 0,
        Some(TextEncoding::Utf8) => 1,
        Some(TextEncoding::Utf8Bom) => 2,
        Some(TextEncoding::Gb18030) => 3,
        Some(TextEncoding::Utf16Le) => 4,
        Some(TextEncoding::Utf16Be) => 5,
    }
}

fn encoding_from(tag: u64) -> Result<Option<TextEncoding>, String> {
    Ok(match tag {
        0 => None,
        1 => Some(TextEncoding::Utf8),
        2 => Some(TextEncoding::Utf8Bom),
        3 => Some(TextEncoding::Gb18030),
        4 => Some(TextEncoding::Utf16Le),
        5 => Some(TextEncoding::Utf16Be),
        _ => return Err(why("cache-why-encoding-tag")),
    })
}

fn write_meta(w: &mut impl Write, d: &FileData) -> std::io::Result<()> {
    let r = &d.report;
    put_u64(w, encoding_tag(r.encoding))?;
    put_opt_str(w, r.profile.as_deref())?;
    put_u64(w, matches!(r.unit, AmountUnit::Wan) as u64)?;
    put_u64(w, r.header_line as u64)?;
    for n in [r.rows_read, r.used, r.duplicates, r.summary, r.quarantined] {
        put_u64(w, n)?;
    }
    put_u64(
        w,
        match d.style {
            None => 0,
            Some(Style::Treasury) => 1,
            Some(Style::Ledger) => 2,
        },
    )?;
    put_u64(w, d.bad.len() as u64)?;
    for b in &d.bad {
        put_u64(w, b.line as u64)?;
        put_str(w, &b.reason)?;
        put_str(w, &b.text)?;
    }
    Ok(())
}

/// Reads values out of a checked section.
struct Bytes<'a> {
    b: &'a [u8],
}

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.b.len() {
            return Err(why("cache-why-section-truncated"));
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(head)
    }
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().unwrap_or_default(),
        ))
    }
    fn string(&mut self) -> Result<String, String> {
        let n = self.u64()?;
        let n = usize::try_from(n).map_err(|_| why("cache-why-length"))?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| why("cache-why-text"))
    }
    fn opt_string(&mut self) -> Result<Option<String>, String> {
        let n = self.u64()?;
        if n == u64::MAX {
            return Ok(None);
        }
        let n = usize::try_from(n).map_err(|_| why("cache-why-length"))?;
        String::from_utf8(self.take(n)?.to_vec())
            .map(Some)
            .map_err(|_| why("cache-why-text"))
    }
}

/// Why an entry cannot be used, in the language in use: it is shown inside
/// the `cache-entry-unusable` note, so it must not be English in a Chinese
/// sentence.
fn why(key: &str) -> String {
    message(key, &[])
}

/// As [`why`], for an I/O error (`file-cannot-open`, `file-cannot-read`).
fn why_io(key: &str, e: std::io::Error) -> String {
    message(key, &[("error", e.to_string())])
}

fn read_entry(
    path: &Path,
    context: u64,
    content: u128,
    projects: usize,
) -> Result<FileData, String> {
    let mut f = File::open(path).map_err(|e| why_io("file-cannot-open", e))?;
    let file_len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut h = [0u8; HEADER_LEN as usize];
    f.read_exact(&mut h).map_err(|_| why("cache-why-header"))?;
    let mut hb = Bytes { b: &h };
    if hb.take(8)? != MAGIC {
        return Err(why("cache-why-not-entry"));
    }
    let version = u32::from_le_bytes(hb.take(4)?.try_into().unwrap_or_default());
    if version != FORMAT_VERSION {
        return Err(message(
            "cache-why-version",
            &[
                ("version", version.to_string()),
                ("expected", FORMAT_VERSION.to_string()),
            ],
        ));
    }
    hb.take(4)?;
    if hb.u64()? != context {
        return Err(why("cache-why-other-config"));
    }
    if u128::from_le_bytes(hb.take(16)?.try_into().unwrap_or_default()) != content {
        return Err(why("cache-why-other-contents"));
    }
    let mut table = [(0u64, 0u64, 0u64); SECTIONS];
    let mut expect = HEADER_LEN;
    for t in table.iter_mut() {
        *t = (hb.u64()?, hb.u64()?, hb.u64()?);
        if t.0 != expect {
            return Err(why("cache-why-section-table"));
        }
        expect =
            t.0.checked_add(t.1)
                .ok_or_else(|| why("cache-why-section-table"))?;
    }
    if expect != file_len {
        return Err(why("cache-why-length-changed"));
    }
    // Sections read whole and checked (the payloads are read on demand).
    let mut section = |i: usize| -> Result<Vec<u8>, String> {
        let (at, len, sum) = table[i];
        f.seek(SeekFrom::Start(at))
            .map_err(|e| why_io("file-cannot-read", e))?;
        let len = usize::try_from(len).map_err(|_| why("cache-why-section-too-large"))?;
        let mut v: Vec<u8> = vec![0; len];
        f.read_exact(&mut v)
            .map_err(|e| why_io("file-cannot-read", e))?;
        if xxhash_rust::xxh3::xxh3_64(&v) != sum {
            return Err(why("cache-why-checksum"));
        }
        Ok(v)
    };
    // The keys and the payloads stay on disk (see `CachedRecords`).
    if table[0].1 % 8 != 0 {
        return Err(why("cache-why-section-sizes"));
    }
    let n_keys = table[0].1 / 8;
    if table[1].1 != n_keys * PAYLOAD_LEN {
        return Err(why("cache-why-section-sizes"));
    }
    let meta = section(2)?;
    let dups = section(4)?;
    let sizes = section(5)?;
    // The cells (the bulk of what is read) are decoded slab by slab as they
    // are read and checked, without a second copy of the section.
    let cells = {
        let (at, len, sum) = table[3];
        if len % CELL_LEN as u64 != 0 {
            return Err(why("cache-why-section-sizes"));
        }
        f.seek(SeekFrom::Start(at))
            .map_err(|e| why_io("file-cannot-read", e))?;
        let mut out: Vec<Cell> = super::cells::backed((len / CELL_LEN as u64) as usize);
        let mut h = Xxh3::new();
        let mut slab = vec![0u8; CELL_LEN * 4096];
        let mut left = len as usize;
        while left > 0 {
            let take = left.min(slab.len());
            f.read_exact(&mut slab[..take])
                .map_err(|e| why_io("file-cannot-read", e))?;
            h.update(&slab[..take]);
            out.extend(slab[..take].chunks_exact(CELL_LEN).map(|x| Cell {
                fen: i64::from_le_bytes(x[0..8].try_into().unwrap_or_default()),
                payments: u32::from_le_bytes(x[8..12].try_into().unwrap_or_default()),
                project: u32::from_le_bytes(x[12..16].try_into().unwrap_or_default()),
                day: u16::from_le_bytes(x[16..18].try_into().unwrap_or_default()),
            }));
            left -= take;
        }
        if h.digest() != sum {
            return Err(why("cache-why-checksum"));
        }
        out
    };
    if sizes.len() != BUCKETS * 16 {
        return Err(why("cache-why-section-sizes"));
    }
    let mut d = FileData {
        content_hash: Some(content),
        ..Default::default()
    };
    let mut b = Bytes { b: &meta };
    let rep = &mut d.report;
    rep.encoding = encoding_from(b.u64()?)?;
    rep.profile = b.opt_string()?;
    rep.unit = if b.u64()? == 1 {
        AmountUnit::Wan
    } else {
        AmountUnit::Yuan
    };
    rep.header_line = b.u64()? as usize;
    rep.rows_read = b.u64()?;
    rep.used = b.u64()?;
    rep.duplicates = b.u64()?;
    rep.summary = b.u64()?;
    rep.quarantined = b.u64()?;
    d.style = match b.u64()? {
        0 => None,
        1 => Some(Style::Treasury),
        2 => Some(Style::Ledger),
        _ => return Err(why("cache-why-style-tag")),
    };
    let n = b.u64()?;
    for _ in 0..n {
        let line = b.u64()? as usize;
        let reason = b.string()?;
        let text = b.string()?;
        d.bad.push(BadRow { line, reason, text });
    }
    if dups.len() % 8 != 0 {
        return Err(why("cache-why-section-sizes"));
    }
    d.cells = std::sync::Arc::new(cells);
    if !d
        .cells
        .iter()
        .all(|c| (c.project as usize) < projects && (c.day as usize) < DAYS)
    {
        return Err(why("cache-why-out-of-range"));
    }
    if !d
        .cells
        .windows(2)
        .all(|w| (w[0].project, w[0].day) < (w[1].project, w[1].day))
    {
        return Err(why("cache-why-order"));
    }
    d.dups = dups
        .chunks_exact(8)
        .map(|x| u64::from_le_bytes(x.try_into().unwrap_or_default()))
        .collect();
    let mut starts = Vec::with_capacity(BUCKETS + 1);
    let mut sums = Vec::with_capacity(BUCKETS);
    starts.push(0usize);
    for x in sizes.chunks_exact(16) {
        let n = u64::from_le_bytes(x[0..8].try_into().unwrap_or_default()) as usize;
        sums.push(u64::from_le_bytes(x[8..16].try_into().unwrap_or_default()));
        let last = *starts.last().unwrap_or(&0);
        starts.push(
            last.checked_add(n)
                .ok_or_else(|| why("cache-why-bucket-sizes"))?,
        );
    }
    if starts.last() != Some(&(n_keys as usize)) {
        return Err(why("cache-why-bucket-sizes"));
    }
    d.records = Records::Cached(CachedRecords::new(
        f, starts, sums, table[0].0, table[1].0, projects,
    ));
    Ok(d)
}

/// Everything besides the file bytes that decides what a parse produces.
pub(crate) fn context_hash(year: i32, codes: &[&str], profiles: &str) -> u64 {
    let mut h = Xxh3::new();
    h.update(&FORMAT_VERSION.to_le_bytes());
    h.update(&year.to_le_bytes());
    for (code, i) in codes.iter().zip(0u32..) {
        h.update(&i.to_le_bytes());
        h.update(code.as_bytes());
        h.update(&[0]);
    }
    h.update(profiles.as_bytes());
    // Quarantine reasons are cached as text in the language in use.
    h.update(&[crate::base::i18n::lang() as u8]);
    h.digest()
}
