//! Dedup records: the 24-byte identity and amount every payment leaves
//! behind, in 256 key buckets, either freshly parsed in memory or left on
//! disk in a cache entry (where only the keys are read, and a record's
//! contents only when its key repeats). The on-disk layout of the records
//! part of an entry lives here too, because the parser writes it for large
//! files while the cache writes it for the rest.

use std::fs::File;

use super::io::{read_at, write_all_at};

/// Days in a fiscal year table (a leap year has 366).
pub(crate) const DAYS: usize = 366;

/// Number of key buckets (by the top byte of the key).
pub(crate) const BUCKETS: usize = 256;

/// One payment as kept for dedup: its identity and what it adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rec {
    /// Hash of what identifies the payment (see `payment_key`).
    pub key: u64,
    /// Signed amount in fen.
    pub fen: i64,
    /// Project index.
    pub project: u32,
    /// Day of the fiscal year, 0-based.
    pub day: u16,
}

impl Rec {
    /// The bucket of a key.
    #[inline]
    pub fn bucket(key: u64) -> usize {
        (key >> 56) as usize
    }
}

/// Sorts one bucket's records by key. Every key of a bucket has the same
/// top byte, and keys are hashes: one counting pass on the next byte splits
/// the bucket into 256 runs of a few dozen records, each then sorted on its
/// own. That is about twice as fast as one comparison sort of the bucket,
/// which was most of the time between parsing a large file and writing its
/// cache entry. `scratch` is reused from bucket to bucket.
pub(crate) fn sort_bucket(v: &mut Vec<Rec>, scratch: &mut Vec<Rec>) {
    if v.len() < 512 {
        v.sort_unstable_by_key(|r| r.key);
        return;
    }
    let digit = |r: &Rec| ((r.key >> 48) & 0xFF) as usize;
    let mut start = [0usize; 257];
    for r in v.iter() {
        start[digit(r) + 1] += 1;
    }
    for d in 1..257 {
        start[d] += start[d - 1];
    }
    let mut at = start;
    let empty = Rec {
        key: 0,
        fen: 0,
        project: 0,
        day: 0,
    };
    scratch.clear();
    scratch.resize(v.len(), empty);
    for r in v.iter() {
        let d = digit(r);
        scratch[at[d]] = *r;
        at[d] += 1;
    }
    for d in 0..256 {
        scratch[start[d]..start[d + 1]].sort_unstable_by_key(|r| r.key);
    }
    std::mem::swap(v, scratch);
}

/// A file's dedup records: freshly parsed (in memory, 256 buckets by the
/// key's top byte, each sorted by key), or from the cache, where only the
/// keys are loaded and a record's contents are read when its key turns out
/// to be repeated, which on a nightly run is a few thousand of millions.
#[derive(Debug)]
pub(crate) enum Records {
    Parsed(Vec<Vec<Rec>>),
    Cached(CachedRecords),
}

impl Default for Records {
    fn default() -> Self {
        Records::Parsed((0..BUCKETS).map(|_| Vec::new()).collect())
    }
}

impl Records {
    /// How many records bucket `b` holds (without reading them).
    pub fn bucket_len(&self, b: usize) -> usize {
        match self {
            Records::Parsed(v) => v.get(b).map_or(0, Vec::len),
            Records::Cached(c) => c.bucket_len(b),
        }
    }

    /// The records of bucket `b`; a cached bucket's keys are read (and
    /// checked) now.
    pub fn bucket(&self, b: usize) -> Result<View<'_>, String> {
        match self {
            Records::Parsed(v) => Ok(View::Parsed(v.get(b).map_or(&[][..], |x| x.as_slice()))),
            Records::Cached(c) => c.bucket(b),
        }
    }
}

/// The records of one bucket of one file.
pub(crate) enum View<'a> {
    Parsed(&'a [Rec]),
    Cached {
        keys: Vec<u64>,
        /// Index of `keys[0]` among all the file's records.
        base: usize,
        from: &'a CachedRecords,
    },
}

thread_local! {
    /// Key buffers of cached buckets, reused from bucket to bucket so a
    /// warm run does not fault in fresh memory for every bucket it reads.
    static KEY_BUFFERS: std::cell::RefCell<Vec<Vec<u64>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A key buffer of `n` zeroed keys, reused when one is free.
pub(crate) fn key_buffer(n: usize) -> Vec<u64> {
    let mut v = KEY_BUFFERS
        .with(|b| b.borrow_mut().pop())
        .unwrap_or_default();
    v.clear();
    v.resize(n, 0);
    v
}

impl Drop for View<'_> {
    fn drop(&mut self) {
        if let View::Cached { keys, .. } = self {
            let keys = std::mem::take(keys);
            KEY_BUFFERS.with(|b| b.borrow_mut().push(keys));
        }
    }
}

impl View<'_> {
    pub fn len(&self) -> usize {
        match self {
            View::Parsed(r) => r.len(),
            View::Cached { keys, .. } => keys.len(),
        }
    }
    pub fn key(&self, i: usize) -> u64 {
        match self {
            View::Parsed(r) => r[i].key,
            View::Cached { keys, .. } => keys[i],
        }
    }
    /// The whole record; reading a cached one can fail (a damaged entry).
    pub fn rec(&self, i: usize) -> Result<Rec, String> {
        match self {
            View::Parsed(r) => Ok(r[i]),
            View::Cached { keys, base, from } => from.rec(*base + i, keys[i]),
        }
    }
    /// The range of records with this key.
    pub fn equal_range(&self, key: u64) -> std::ops::Range<usize> {
        match self {
            View::Parsed(r) => {
                r.partition_point(|x| x.key < key)..r.partition_point(|x| x.key <= key)
            }
            View::Cached { keys, .. } => {
                keys.partition_point(|&x| x < key)..keys.partition_point(|&x| x <= key)
            }
        }
    }
}

// Layout of an entry: a header (MAGIC, version, context hash, content
// hash), a table of sections (offset, length, checksum), then the sections:
// keys, payloads, report and bad rows, cells, repeated keys, bucket sizes.
// The records come first so a large file's can be written while it is
// parsed, before the rest is known.
// Integers little endian. Every section but the payloads is read whole and
// checked against its checksum; payloads are read one record at a time, and
// each carries its own check value tying it to its key.
pub(crate) const SECTIONS: usize = 6;
pub(crate) const HEADER_LEN: u64 = 8 + 4 + 4 + 8 + 16 + (SECTIONS as u64) * 24;

/// Bytes of one record's payload in an entry.
pub(crate) const PAYLOAD_LEN: u64 = 20;

/// A record's check value: its key and contents mixed (splitmix64's
/// finaliser over each word), so a damaged byte anywhere in the record or a
/// record read under the wrong key shows.
fn record_check(key: u64, fen: i64, project: u32, day: u16) -> u32 {
    fn mix(mut z: u64) -> u64 {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    let h = mix(key ^ 0x9e37_79b9_7f4a_7c15);
    let h = mix(h ^ fen as u64);
    let h = mix(h ^ ((project as u64) << 16 | day as u64));
    (h ^ (h >> 32)) as u32
}

/// The records of a cached file, left on disk: a bucket's keys are read
/// (and checked against the bucket's checksum) when the merge needs them,
/// and a record's contents only when its key is repeated. A warm run over
/// a year of exports thus reads the keys once and a few thousand records.
#[derive(Debug)]
pub(crate) struct CachedRecords {
    file: File,
    /// Start of each bucket among the records (257 entries).
    starts: Vec<usize>,
    /// Checksum of each bucket's keys.
    sums: Vec<u64>,
    keys_offset: u64,
    payload_offset: u64,
    projects: usize,
}

impl CachedRecords {
    /// Records written into `file` (an entry, complete or not).
    pub fn new(
        file: File,
        starts: Vec<usize>,
        sums: Vec<u64>,
        keys_offset: u64,
        payload_offset: u64,
        projects: usize,
    ) -> Self {
        CachedRecords {
            file,
            starts,
            sums,
            keys_offset,
            payload_offset,
            projects,
        }
    }

    /// How many records bucket `b` holds.
    pub fn bucket_len(&self, b: usize) -> usize {
        self.starts[b + 1] - self.starts[b]
    }

    /// The records of bucket `b`, its keys read and checked now.
    pub fn bucket(&self, b: usize) -> Result<View<'_>, String> {
        let (from, to) = (self.starts[b], self.starts[b + 1]);
        let mut keys = key_buffer(to - from);
        read_at(
            &self.file,
            bytemuck::cast_slice_mut(&mut keys),
            self.keys_offset + from as u64 * 8,
        )
        .map_err(|e| {
            crate::base::i18n::message("cache-why-keys-unreadable", &[("error", e.to_string())])
        })?;
        if xxhash_rust::xxh3::xxh3_64(bytemuck::cast_slice(&keys)) != self.sums[b] {
            return Err(crate::base::i18n::message("cache-why-keys-checksum", &[]));
        }
        if cfg!(target_endian = "big") {
            for k in keys.iter_mut() {
                *k = u64::from_le(*k);
            }
        }
        // Order and bucket of each key were checked when the entry was
        // written; the checksum shows they have not changed since.
        Ok(View::Cached {
            keys,
            base: from,
            from: self,
        })
    }

    /// Reads record `i` (whose key is `key`) and checks it.
    pub fn rec(&self, i: usize, key: u64) -> Result<Rec, String> {
        let mut b = [0u8; PAYLOAD_LEN as usize];
        read_at(
            &self.file,
            &mut b,
            self.payload_offset + i as u64 * PAYLOAD_LEN,
        )
        .map_err(|e| {
            crate::base::i18n::message("cache-why-record-unreadable", &[("error", e.to_string())])
        })?;
        let fen = i64::from_le_bytes(b[0..8].try_into().unwrap_or_default());
        let project = u32::from_le_bytes(b[8..12].try_into().unwrap_or_default());
        let day = u16::from_le_bytes(b[12..14].try_into().unwrap_or_default());
        let check = u32::from_le_bytes(b[16..20].try_into().unwrap_or_default());
        if check != record_check(key, fen, project, day)
            || project as usize >= self.projects
            || day as usize >= DAYS
        {
            return Err(crate::base::i18n::message("cache-why-record-check", &[]));
        }
        Ok(Rec {
            key,
            fen,
            project,
            day,
        })
    }
}

/// Where an entry's records go: keys right after the header, payloads after
/// the keys. Both are known once the number of records is.
pub(crate) fn record_offsets(n: u64) -> (u64, u64) {
    (HEADER_LEN, HEADER_LEN + n * 8)
}

/// Writes one bucket's sorted records at their place in an entry (record
/// `start` onwards) and returns the checksum of its keys, as
/// `CachedRecords::bucket` checks it.
pub(crate) fn write_bucket(f: &File, n: u64, start: usize, recs: &[Rec]) -> std::io::Result<u64> {
    let (keys_at, payloads_at) = record_offsets(n);
    let mut keys: Vec<u8> = Vec::with_capacity(recs.len() * 8);
    let mut payloads: Vec<u8> = Vec::with_capacity(recs.len() * PAYLOAD_LEN as usize);
    for r in recs {
        keys.extend_from_slice(&r.key.to_le_bytes());
        payloads.extend_from_slice(&r.fen.to_le_bytes());
        payloads.extend_from_slice(&r.project.to_le_bytes());
        payloads.extend_from_slice(&r.day.to_le_bytes());
        payloads.extend_from_slice(&[0, 0]);
        payloads.extend_from_slice(&record_check(r.key, r.fen, r.project, r.day).to_le_bytes());
    }
    write_all_at(f, &keys, keys_at + start as u64 * 8)?;
    write_all_at(f, &payloads, payloads_at + start as u64 * PAYLOAD_LEN)?;
    Ok(xxhash_rust::xxh3::xxh3_64(&keys))
}
