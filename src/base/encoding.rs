//! Text encodings of ledger exports. Windows tools write GBK / GB18030, Excel
//! writes UTF-8 with a BOM ("CSV UTF-8") or UTF-16 ("Unicode text"), other
//! systems plain UTF-8. The encoding is detected from the bytes (BOM first,
//! then whether the opening block is valid UTF-8) and the file is decoded to
//! UTF-8 in streaming blocks, so a multi-gigabyte export never has to be held
//! whole in memory.

use std::io::Read;

use super::line_ends::{bare_cr_to_lf, has_bare_cr};
use encoding_rs::{Decoder, Encoding, GB18030, UTF_16BE, UTF_16LE};

/// The encoding a file was read in, for the reconciliation report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a BOM (what Excel writes as "CSV UTF-8").
    Utf8Bom,
    /// GBK / GB18030 (GB18030 is a superset, so it decodes both).
    Gb18030,
    /// UTF-16 little endian with BOM.
    Utf16Le,
    /// UTF-16 big endian with BOM.
    Utf16Be,
}

impl TextEncoding {
    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Gb18030 => "GB18030",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
        }
    }

    fn decoder(self) -> Option<Decoder> {
        let enc: &'static Encoding = match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => return None,
            TextEncoding::Gb18030 => GB18030,
            TextEncoding::Utf16Le => UTF_16LE,
            TextEncoding::Utf16Be => UTF_16BE,
        };
        Some(enc.new_decoder_without_bom_handling())
    }
}

/// Detects the encoding of a file from its first bytes; returns it and the
/// length of the BOM to skip.
pub fn detect(head: &[u8], complete: bool) -> (TextEncoding, usize) {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return (TextEncoding::Utf8Bom, 3);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return (TextEncoding::Utf16Le, 2);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return (TextEncoding::Utf16Be, 2);
    }
    if let Some(enc) = utf16_without_bom(head) {
        return (enc, 0);
    }
    match std::str::from_utf8(head) {
        Ok(_) => (TextEncoding::Utf8, 0),
        // Cut in the middle of a character at the end of the sample: still UTF-8.
        Err(e) if e.error_len().is_none() && !complete => (TextEncoding::Utf8, 0),
        Err(_) => (TextEncoding::Gb18030, 0),
    }
}

/// UTF-16 written without a BOM: ASCII characters (digits, delimiters,
/// dates) are half of every export's text, and in UTF-16 each has a zero
/// byte on the same side of its pair; no other encoding read here has zero
/// bytes in text. A stray NUL or two in a UTF-8 file is far below these
/// proportions.
fn utf16_without_bom(head: &[u8]) -> Option<TextEncoding> {
    let sample = &head[..head.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 8 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for p in sample.chunks_exact(2) {
        even += (p[0] == 0) as usize;
        odd += (p[1] == 0) as usize;
    }
    if odd * 8 >= pairs && even * 16 <= odd {
        Some(TextEncoding::Utf16Le)
    } else if even * 8 >= pairs && odd * 16 <= even {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Decodes a whole small file (config, registry) to a string.
pub fn decode_all(bytes: &[u8]) -> (String, TextEncoding) {
    let (enc, bom) = detect(bytes, true);
    let body = &bytes[bom..];
    let text = match enc.decoder() {
        None => String::from_utf8_lossy(body).into_owned(),
        Some(_) => {
            let e: &'static Encoding = match enc {
                TextEncoding::Utf16Le => UTF_16LE,
                TextEncoding::Utf16Be => UTF_16BE,
                _ => GB18030,
            };
            e.decode_without_bom_handling(body).0.into_owned()
        }
    };
    (text, enc)
}

/// Size of the blocks read from disk, and of the blocks whose hashes make
/// the content hash (a caller reading the file itself, see `hand_over`,
/// hashes the same blocks).
pub const BLOCK: usize = 1 << 22;

/// How much of a large GB18030 file's first block is decoded at first: the
/// header search reads a few dozen lines (and looks at the first 64 KiB of
/// text, which this always yields: GB18030 never shrinks in UTF-8), and a
/// body then read on its raw bytes (`raw_body`) never needs the rest
/// decoded. Decoding the whole 4 MiB block of a Chinese ledger for nothing
/// cost some 10 ms a file.
const GB18030_HEAD: usize = 128 << 10;

/// A streaming reader that yields the file's text as UTF-8 bytes. `buf[pos..]`
/// is the decoded text not yet consumed; `fill` appends the next block.
pub struct TextReader<R: Read> {
    inner: R,
    decoder: Option<Decoder>,
    raw: Vec<u8>,
    /// Decoded UTF-8 text; bytes before `pos` are consumed.
    pub buf: Vec<u8>,
    /// Start of the unconsumed text in `buf`.
    pub pos: usize,
    eof: bool,
    /// The detected encoding.
    pub encoding: TextEncoding,
    /// Raw bytes read so far (for progress).
    pub bytes_read: u64,
    /// The hash of each raw block read, in order: the file's content hash
    /// is the hash of this list (see `content_hash`), computed on the way so
    /// the cache costs no second read. A block read straight into a caller's
    /// buffer may have its hash filled in later, by whoever has a core free.
    block_hashes: Vec<u64>,
    /// The block just read by `fill_into` whose hash the caller computes:
    /// (block number, its byte range in the caller's buffer).
    deferred: Option<(usize, std::ops::Range<usize>)>,
    /// Leave hashing `fill_into` blocks to the caller.
    pub defer_hashing: bool,
    /// The file ends lines with bare `\r` (old Mac exports, or a mix): each
    /// such `\r` is turned into `\n` as text is appended, so records and
    /// line numbers come out as an editor shows them. Set when the first
    /// block holds one, or by the caller when one shows up later.
    pub bare_cr: bool,
    /// Set by `forget_hash`.
    hash_lost: bool,
    /// Set by `raw_body`: `fill_into` appends the file's bytes untranscoded
    /// and the caller decodes them (see `decode_chunk`).
    raw_mode: bool,
    /// Where the decoding of the first block stopped, when only its head
    /// was decoded (see `GB18030_HEAD`): the next `fill` decodes the rest.
    pending: Option<usize>,
}

/// The content hash from the list of block hashes.
fn content_hash(block_hashes: &[u64]) -> u128 {
    let bytes: Vec<u8> = block_hashes.iter().flat_map(|h| h.to_le_bytes()).collect();
    xxhash_rust::xxh3::xxh3_128(&bytes)
}

/// The hash of one raw block: XXH3-64, computed with the widest SIMD the
/// CPU has (see `hash`); the value is `xxhash_rust::xxh3::xxh3_64`'s, so
/// cache entry names do not depend on the machine.
pub fn block_hash(raw: &[u8]) -> u64 {
    super::hash::xxh3_64(raw)
}

impl<R: Read> TextReader<R> {
    /// Reads the first block, detects the encoding and skips a BOM.
    pub fn new(inner: R) -> std::io::Result<Self> {
        Self::with_line_ends(inner, false)
    }

    /// Like `new`; `bare_cr` makes the reader turn bare `\r` into `\n`
    /// even when the first block has none.
    pub fn with_line_ends(mut inner: R, bare_cr: bool) -> std::io::Result<Self> {
        let mut raw = vec![0u8; BLOCK];
        let n = read_full(&mut inner, &mut raw)?;
        raw.truncate(n);
        let complete = n < BLOCK;
        let (encoding, bom) = detect(&raw, complete);
        let block_hashes = vec![block_hash(&raw)];
        let lazy = encoding == TextEncoding::Gb18030 && !complete && bom + GB18030_HEAD < n;
        let upto = if lazy { bom + GB18030_HEAD } else { n };
        let mut me = TextReader {
            inner,
            decoder: encoding.decoder(),
            raw: Vec::new(),
            buf: Vec::with_capacity(BLOCK * 2),
            pos: 0,
            eof: false,
            encoding,
            bytes_read: n as u64,
            block_hashes,
            deferred: None,
            defer_hashing: false,
            bare_cr,
            hash_lost: false,
            raw_mode: false,
            pending: lazy.then_some(upto),
        };
        Self::push_raw(&mut me.decoder, &raw[bom..upto], complete, &mut me.buf);
        me.eof = complete;
        if !me.bare_cr {
            // Looked for in the whole block, decoded or not (in GB18030 a
            // `\r` byte is always a carriage return). A `\r` ending the
            // block may be half of a `\r\n`: not counted.
            let text = if lazy { &raw[bom..] } else { &me.buf[..] };
            let seen = match text.split_last() {
                Some((b'\r', rest)) if !complete => rest,
                _ => text,
            };
            me.bare_cr = has_bare_cr(seen);
        }
        me.raw = raw;
        me.line_ends(0);
        Ok(me)
    }

    /// Normalises bare `\r` in `out[start..]` (and a `\r` left pending just
    /// before it) when the file uses them; costs nothing otherwise.
    fn line_ends_in(bare_cr: bool, eof: bool, out: &mut [u8], start: usize) {
        if bare_cr {
            let from = if start > 0 && out[start - 1] == b'\r' {
                start - 1
            } else {
                start
            };
            bare_cr_to_lf(out, from, eof);
        }
    }

    fn line_ends(&mut self, start: usize) {
        Self::line_ends_in(self.bare_cr, self.eof, &mut self.buf, start);
    }

    /// True when the whole file has been decoded into `buf`.
    pub fn at_eof(&self) -> bool {
        self.eof
    }

    /// Decodes `raw` (or copies it, for UTF-8) onto the end of `out`.
    fn push_raw(decoder: &mut Option<Decoder>, raw: &[u8], last: bool, out: &mut Vec<u8>) {
        match decoder {
            None => out.extend_from_slice(raw),
            Some(dec) => {
                decode_onto(dec, raw, last, out);
            }
        }
    }

    /// Reads the next raw block into `self.raw` and records its hash;
    /// returns its length (less than a block at end of file).
    fn read_raw(&mut self) -> std::io::Result<usize> {
        self.raw.resize(BLOCK, 0);
        let n = read_full(&mut self.inner, &mut self.raw)?;
        self.bytes_read += n as u64;
        self.block_hashes.push(block_hash(&self.raw[..n]));
        self.eof = n < BLOCK;
        Ok(n)
    }

    /// Drops consumed text and appends the next block. Returns false at end
    /// of file (nothing more was added).
    pub fn fill(&mut self) -> std::io::Result<bool> {
        if let Some(from) = self.pending.take() {
            if self.pos > 0 {
                self.buf.drain(..self.pos);
                self.pos = 0;
            }
            let start = self.buf.len();
            Self::push_raw(
                &mut self.decoder,
                &self.raw[from..],
                self.eof,
                &mut self.buf,
            );
            self.line_ends(start);
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let n = self.read_raw()?;
        let start = self.buf.len();
        Self::push_raw(&mut self.decoder, &self.raw[..n], self.eof, &mut self.buf);
        self.line_ends(start);
        Ok(true)
    }

    /// The block `fill_into` just read without hashing it (with
    /// `defer_hashing`): its number and range in the buffer given.
    pub fn take_deferred(&mut self) -> Option<(usize, std::ops::Range<usize>)> {
        self.deferred.take()
    }

    /// Fills in the hash of a deferred block.
    pub fn set_block_hash(&mut self, block: usize, hash: u64) {
        if let Some(h) = self.block_hashes.get_mut(block) {
            *h = hash;
        }
    }

    /// Appends the next block of text to `out` instead of `buf` (reading
    /// straight into it when no transcoding is needed). Returns false at end
    /// of file (nothing more was added).
    pub fn fill_into(&mut self, out: &mut Vec<u8>) -> std::io::Result<bool> {
        if let Some(from) = self.pending.take() {
            let start = out.len();
            Self::push_raw(&mut self.decoder, &self.raw[from..], self.eof, out);
            Self::line_ends_in(self.bare_cr, self.eof, out, start);
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        if self.decoder.is_none() || self.raw_mode {
            // Read straight into the spare capacity (no zero-filling of
            // gigabytes that are about to be overwritten).
            let start = out.len();
            out.reserve(BLOCK);
            let n = (&mut self.inner).take(BLOCK as u64).read_to_end(out)?;
            // Blocks whose bare `\r` are turned into `\n` below are hashed
            // now: the content hash is of the file's bytes, as `hash_file`
            // computes it, not of the text made of them.
            if self.defer_hashing && !self.bare_cr {
                self.deferred = Some((self.block_hashes.len(), start..start + n));
                self.block_hashes.push(0);
            } else {
                self.block_hashes.push(block_hash(&out[start..]));
            }
            self.bytes_read += n as u64;
            self.eof = n < BLOCK;
            Self::line_ends_in(self.bare_cr, self.eof, out, start);
            return Ok(true);
        }
        let n = self.read_raw()?;
        let start = out.len();
        Self::push_raw(&mut self.decoder, &self.raw[..n], self.eof, out);
        Self::line_ends_in(self.bare_cr, self.eof, out, start);
        Ok(true)
    }

    /// Switches a GBK / GB18030 reader to handing out the file's own bytes,
    /// so that the caller can transcode chunks on other threads: returns the
    /// bytes of the first block not yet consumed, after which `fill_into`
    /// appends raw bytes. Why this is safe: in GB18030 the bytes of a line
    /// feed, a carriage return and a quote never occur inside a multi-byte
    /// character (trail bytes are 0x30–0x39 or 0x40–0xFE), so records and
    /// chunks cut at line feeds on the raw bytes are the same as on the
    /// text, and each chunk decodes alone. None (nothing changes) for other
    /// encodings, or when more than the first block was decoded, or when the
    /// text consumed does not end at a line start.
    pub fn raw_body(&mut self) -> Option<Vec<u8>> {
        if self.encoding != TextEncoding::Gb18030
            || self.block_hashes.len() != 1
            || self.eof
            || (self.pos > 0 && self.buf[self.pos - 1] != b'\n')
        {
            return None;
        }
        let lines = memchr::memchr_iter(b'\n', &self.buf[..self.pos]).count();
        let mut raw = std::mem::take(&mut self.raw);
        // The same line-end rule as the text had, on the raw bytes.
        Self::line_ends_in(self.bare_cr, false, &mut raw, 0);
        let at = if lines == 0 {
            0
        } else {
            memchr::memchr_iter(b'\n', &raw).nth(lines - 1)? + 1
        };
        self.raw_mode = true;
        self.pending = None;
        self.buf.clear();
        self.pos = 0;
        Some(raw.split_off(at))
    }

    /// The file being read.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// Hands the rest of a `file_len`-byte file to a caller that reads it
    /// where it lies (a memory map, see `base::mapped`) instead of through
    /// this reader. Possible only when the text is the file's own bytes
    /// (UTF-8, or GB18030 after `raw_body`, with no bare `\r` to turn into
    /// `\n`) and only the first block has been read. Returns the numbers of
    /// the blocks whose hashes the caller computes (`set_block_hash`), each
    /// block being [`BLOCK`] bytes of the file from `number * BLOCK` (the
    /// last one shorter, possibly empty); the reader is then at the end,
    /// and `finish_hash` gives the same content hash as reading would.
    pub fn hand_over(&mut self, file_len: u64) -> Option<std::ops::Range<usize>> {
        let plain = self.decoder.is_none() || self.raw_mode;
        if !plain
            || self.pending.is_some()
            || self.eof
            || self.bare_cr
            || self.block_hashes.len() != 1
            || self.bytes_read != BLOCK as u64
            || file_len < BLOCK as u64
        {
            return None;
        }
        let blocks = usize::try_from(file_len / BLOCK as u64).ok()? + 1;
        self.block_hashes.resize(blocks, 0);
        self.bytes_read = file_len;
        self.eof = true;
        Some(1..blocks)
    }

    /// Marks the content hash unknown (blocks were read whose hashes were
    /// never filled in): `finish_hash` then fails.
    pub fn forget_hash(&mut self) {
        self.hash_lost = true;
    }

    /// Reads the rest of the file (without decoding) and returns the hash of
    /// all its bytes: the key of its cache entry.
    pub fn finish_hash(mut self) -> std::io::Result<u128> {
        if self.hash_lost {
            return Err(std::io::Error::other("content hash not kept"));
        }
        while !self.eof {
            self.read_raw()?;
        }
        Ok(content_hash(&self.block_hashes))
    }
}

/// Decodes `raw` onto the end of `out` as UTF-8 (`last`: the stream ends
/// here); true when a malformed sequence was replaced. The one place bytes
/// are turned into UTF-8 text: the reader's blocks, the workers' GBK chunks
/// and single GBK fields.
fn decode_onto(dec: &mut Decoder, raw: &[u8], last: bool, out: &mut Vec<u8>) -> bool {
    let need = dec
        .max_utf8_buffer_length(raw.len())
        .unwrap_or(raw.len().saturating_mul(3).saturating_add(16));
    let start = out.len();
    out.resize(start + need, 0);
    let (_, _, written, replaced) = dec.decode_to_utf8(raw, &mut out[start..], last);
    out.truncate(start + written);
    replaced
}

/// Decodes one chunk of GB18030 bytes that starts and ends at a line
/// boundary (see `TextReader::raw_body`) onto `out` as UTF-8, as the reader
/// would have decoded it.
pub fn decode_gb18030_chunk(raw: &[u8], out: &mut Vec<u8>) {
    out.clear();
    decode_gb18030_onto(raw, out);
}

/// Decodes GB18030 bytes that stand alone (a chunk, a field) onto the end
/// of `out`; true when they decoded without a replacement.
pub fn decode_gb18030_onto(raw: &[u8], out: &mut Vec<u8>) -> bool {
    !decode_onto(
        &mut GB18030.new_decoder_without_bom_handling(),
        raw,
        true,
        out,
    )
}

/// The content hash of a file, as `TextReader::finish_hash` computes it.
pub fn hash_file(path: &std::path::Path) -> std::io::Result<u128> {
    let mut f = std::fs::File::open(path)?;
    let mut hashes = Vec::new();
    let mut raw = vec![0u8; BLOCK];
    loop {
        let n = read_full(&mut f, &mut raw)?;
        hashes.push(block_hash(&raw[..n]));
        if n < BLOCK {
            return Ok(content_hash(&hashes));
        }
    }
}

/// Reads until `buf` is full or the reader ends (a short read is not the
/// end); the bytes read.
pub fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_encodings() {
        assert_eq!(detect(b"\xEF\xBB\xBFabc", true), (TextEncoding::Utf8Bom, 3));
        assert_eq!(
            detect("日期,金额".as_bytes(), true),
            (TextEncoding::Utf8, 0)
        );
        let (gbk, _, _) = GB18030.encode("日期,金额");
        assert_eq!(detect(&gbk, true), (TextEncoding::Gb18030, 0));
        // A UTF-8 character cut at the end of the sample is not GBK.
        let cut = &"日期".as_bytes()[..4];
        assert_eq!(detect(cut, false), (TextEncoding::Utf8, 0));
        assert_eq!(
            detect(&[0xFF, 0xFE, b'a', 0], true),
            (TextEncoding::Utf16Le, 2)
        );
    }

    /// Issue 10 #14: UTF-16 without a BOM is recognised; a NUL in UTF-8 is not
    /// taken for it.
    #[test]
    fn detects_utf16_without_bom() {
        let text = "支付日期,支付凭证号,项目编码,支付金额\n2025-01-05,ZF1,P1,100.00\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(detect(&le, true), (TextEncoding::Utf16Le, 0));
        assert_eq!(detect(&be, true), (TextEncoding::Utf16Be, 0));
        let mut nul = text.as_bytes().to_vec();
        let at = text.find("ZF1").unwrap();
        nul[at] = 0;
        assert_eq!(detect(&nul, true), (TextEncoding::Utf8, 0));
    }

    #[test]
    fn streams_gbk_across_blocks() {
        let text = "项目明细账,单位：元\n".repeat(400_000);
        let (gbk, _, _) = GB18030.encode(&text);
        let mut r = TextReader::new(std::io::Cursor::new(gbk.into_owned())).unwrap();
        assert_eq!(r.encoding, TextEncoding::Gb18030);
        assert_eq!(String::from_utf8(read_by_fill(&mut r)).unwrap(), text);
    }

    /// All the text a reader gives, block by block through `fill`.
    fn read_by_fill<R: Read>(r: &mut TextReader<R>) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            out.extend_from_slice(&r.buf[r.pos..]);
            r.pos = r.buf.len();
            if !r.fill().unwrap() {
                return out;
            }
        }
    }

    /// A large GB18030 file has only the head of its first block decoded
    /// at first; read on, by `fill` or `fill_into`, it gives the same text,
    /// bare `\r` line ends (seen beyond the head too) turned into `\n`.
    #[test]
    fn a_gbk_head_decoded_first_reads_like_the_whole() {
        for ends in ["\n", "\r"] {
            let line = format!("项目明细账,单位：元,记-0001{ends}");
            let text = line.repeat(300_000);
            let (gbk, _, _) = GB18030.encode(&text);
            let gbk = gbk.into_owned();
            assert!(gbk.len() > 2 * BLOCK);
            let want = text.replace('\r', "\n");
            let mut r = TextReader::new(std::io::Cursor::new(gbk.clone())).unwrap();
            assert!(r.buf.len() < BLOCK, "only the head is decoded");
            assert_eq!(r.bare_cr, ends == "\r");
            let out = read_by_fill(&mut r);
            assert_eq!(String::from_utf8(out).unwrap(), want, "fill, {ends:?}");
            let mut r = TextReader::new(std::io::Cursor::new(gbk)).unwrap();
            let mut out = r.buf[r.pos..].to_vec();
            while r.fill_into(&mut out).unwrap() {}
            assert_eq!(String::from_utf8(out).unwrap(), want, "fill_into, {ends:?}");
        }
    }
}
