//! Read-only memory maps of input files, safe against a file that shrinks
//! while it is mapped.
//!
//! Why map at all: reading a large export with `read` copies every byte
//! from the page cache into a buffer that the parser then reads again; a
//! mapping lets the parser read the page cache itself. On a province's
//! ledger that copy was the largest single cost left on the reading thread
//! (README, "Speed and scale").
//!
//! Why the guard: when another program truncates a mapped file (an export
//! rewritten in place while the nightly job reads it), touching a page past
//! the new end raises SIGBUS, which would kill the process. A handler
//! installed here puts a page of zeros where the file was and marks the map
//! damaged, so the reader finishes its pass over meaningless bytes and then
//! reports the file as changed while it was read, like any unreadable file:
//! the rest of the run goes on. A SIGBUS at any other address keeps the
//! default action.
//!
//! Only the pages being parsed are kept mapped in (`release` drops the
//! rest), so the process's resident memory does not grow with the file.

use std::fs::File;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Once;

use super::pages::page_size;

/// Maps that may be open at once (one file is read at a time; a few spare).
const SLOTS: usize = 8;

/// The address range of one open map, for the SIGBUS handler; `start == 0`
/// marks a free slot.
struct Slot {
    start: AtomicUsize,
    end: AtomicUsize,
    damaged: AtomicBool,
}

#[allow(clippy::declare_interior_mutable_const)]
const FREE: Slot = Slot {
    start: AtomicUsize::new(0),
    end: AtomicUsize::new(0),
    damaged: AtomicBool::new(false),
};

static OPEN: [Slot; SLOTS] = [FREE; SLOTS];
static HANDLER: Once = Once::new();
static HANDLER_OK: AtomicBool = AtomicBool::new(false);

/// The SIGBUS action in place before ours (Rust's own, which reports a
/// stack overflow on some platforms): a fault outside our maps goes back
/// to it. Written once, before the handler is installed.
struct Previous(std::cell::UnsafeCell<std::mem::MaybeUninit<libc::sigaction>>);
// SAFETY: written once inside `HANDLER.call_once` before the handler can
// run, only read afterwards.
unsafe impl Sync for Previous {}
static PREVIOUS: Previous = Previous(std::cell::UnsafeCell::new(std::mem::MaybeUninit::zeroed()));

/// A file mapped read-only, whole.
pub struct MappedFile {
    ptr: *mut libc::c_void,
    len: usize,
    slot: usize,
}

// SAFETY: the map is read-only and lives until drop; the raw pointer is only
// turned into shared slices.
unsafe impl Send for MappedFile {}
unsafe impl Sync for MappedFile {}

impl MappedFile {
    /// Maps the first `len` bytes of `file` (its length when it was looked
    /// at). None when the platform or the moment does not allow it (no
    /// handler, every slot taken, `mmap` refused): the caller reads instead.
    pub fn map(file: &File, len: usize) -> Option<MappedFile> {
        use std::os::unix::io::AsRawFd;
        if len == 0 || !install_handler() {
            return None;
        }
        let slot = (0..SLOTS).find(|&i| {
            OPEN[i]
                .start
                .compare_exchange(0, usize::MAX, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        })?;
        // SAFETY: a fresh read-only private mapping of an open file; the
        // kernel picks the address.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            OPEN[slot].start.store(0, Ordering::Release);
            return None;
        }
        let s = &OPEN[slot];
        s.damaged.store(false, Ordering::Release);
        s.end.store(ptr as usize + len, Ordering::Release);
        s.start.store(ptr as usize, Ordering::Release);
        Some(MappedFile { ptr, len, slot })
    }

    /// The file's bytes. Pages the file no longer has read as zeros (and
    /// `damaged` turns true).
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr..ptr+len` is mapped readable until drop.
        unsafe { std::slice::from_raw_parts(self.ptr as *const u8, self.len) }
    }

    /// The file shrank while mapped: what was read is not the file.
    pub fn damaged(&self) -> bool {
        OPEN[self.slot].damaged.load(Ordering::Acquire)
    }

    /// Maps in the pages of `range` at once, ahead of reading them (fewer
    /// faults than one per few pages); best effort.
    pub fn populate(&self, range: Range<usize>) {
        // MADV_POPULATE_READ: Linux 5.14; older kernels refuse it, which
        // only costs the faults it saves.
        #[cfg(target_os = "linux")]
        self.advise(range, libc::MADV_POPULATE_READ);
        #[cfg(not(target_os = "linux"))]
        let _ = range;
    }

    /// Drops the pages of `range` from this process (the page cache keeps
    /// them; reading them again maps them back). Only whole pages inside
    /// the range: a neighbouring chunk may still be reading the partial
    /// ones.
    pub fn release(&self, range: Range<usize>) {
        self.advise(range, libc::MADV_DONTNEED);
    }

    /// `advice` for the whole pages of `range` (clamped to the map).
    fn advise(&self, range: Range<usize>, advice: libc::c_int) {
        let (from, to) = (range.start.min(self.len), range.end.min(self.len));
        if from < to {
            super::pages::advise(self.ptr as usize + from, to - from, page_size(), advice);
        }
    }
}

impl Drop for MappedFile {
    fn drop(&mut self) {
        let s = &OPEN[self.slot];
        s.start.store(usize::MAX, Ordering::Release);
        // SAFETY: unmaps exactly the mapping made in `map`; no slice of it
        // outlives `self`.
        unsafe {
            libc::munmap(self.ptr, self.len);
        }
        s.end.store(0, Ordering::Release);
        s.start.store(0, Ordering::Release);
    }
}

/// Installs the SIGBUS handler once; false when it could not be.
fn install_handler() -> bool {
    HANDLER.call_once(|| {
        // SAFETY: plain libc calls; the handler only uses async-signal-safe
        // operations (atomics, mmap, signal).
        unsafe {
            // Known before the handler can run (it reads it).
            page_size();
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_sigbus as *const () as usize;
            sa.sa_flags = libc::SA_SIGINFO | libc::SA_NODEFER;
            libc::sigemptyset(&mut sa.sa_mask);
            let ok = libc::sigaction(libc::SIGBUS, &sa, (*PREVIOUS.0.get()).as_mut_ptr()) == 0;
            HANDLER_OK.store(ok, Ordering::Release);
        }
    });
    HANDLER_OK.load(Ordering::Acquire)
}

/// SIGBUS inside an open map: a page of zeros where the file was, the map
/// marked damaged, and the faulting read goes on. Anywhere else: the action
/// that was there before ours takes over (the access faults again).
extern "C" fn on_sigbus(_sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers.
    let addr = unsafe { (*info).si_addr() } as usize;
    let page = page_size();
    for s in &OPEN {
        let (start, end) = (
            s.start.load(Ordering::Acquire),
            s.end.load(Ordering::Acquire),
        );
        if start != 0 && start != usize::MAX && (start..end).contains(&addr) {
            let at = addr / page * page;
            // SAFETY: replaces one page of our own read-only file mapping
            // with an anonymous page of zeros (MAP_FIXED inside the map).
            let r = unsafe {
                libc::mmap(
                    at as *mut libc::c_void,
                    page,
                    libc::PROT_READ,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                    -1,
                    0,
                )
            };
            if r != libc::MAP_FAILED {
                s.damaged.store(true, Ordering::Release);
                return;
            }
        }
    }
    // SAFETY: putting back the action saved when ours was installed
    // (sigaction is async-signal-safe); returning re-runs the faulting
    // access, which then gets that action, as without us.
    unsafe {
        libc::sigaction(
            libc::SIGBUS,
            (*PREVIOUS.0.get()).as_ptr(),
            std::ptr::null_mut(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn maps_a_file_and_survives_its_truncation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        let body: Vec<u8> = (0..200_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::File::create(&path)
            .unwrap()
            .write_all(&body)
            .unwrap();
        let f = std::fs::File::open(&path).unwrap();
        let m = MappedFile::map(&f, body.len()).unwrap();
        assert_eq!(m.bytes(), &body[..]);
        assert!(!m.damaged());
        m.release(0..body.len());
        assert_eq!(m.bytes()[..100], body[..100]);
        // Another program cuts the file short: the pages past its new end
        // read as zeros instead of killing the process.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(10)
            .unwrap();
        m.release(0..body.len());
        let tail: u64 = m.bytes()[100_000..].iter().map(|&b| b as u64).sum();
        assert_eq!(tail, 0);
        assert!(m.damaged());
        drop(m);
        // The slot is free again and a new map is clean.
        let m = MappedFile::map(&f, 10).unwrap();
        assert!(!m.damaged());
        assert_eq!(m.bytes(), &body[..10]);
    }
}
