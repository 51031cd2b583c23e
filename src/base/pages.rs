//! Advice to the kernel about ranges of this process's own memory: back
//! them with huge pages, map them in now, or drop them. One place rounds a
//! range to the whole units the advice applies to and makes the call; the
//! ledger's large buffers, the mapped exports and the registry's project
//! list each only say what they want.

/// The size of a memory page (4 KiB where the system does not say).
pub fn page_size() -> usize {
    static PAGE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *PAGE.get_or_init(|| {
        // SAFETY: sysconf only reads a system constant.
        let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        usize::try_from(n).ok().filter(|&n| n > 0).unwrap_or(4096)
    })
}

/// Gives `advice` for the whole `unit`-aligned units inside
/// `start..start + len` (a partial unit at either end is left alone: its
/// neighbour may be another buffer). Advice is a hint: a refusal, or an
/// advice the kernel does not know, changes nothing but the speed.
#[cfg(target_os = "linux")]
pub fn advise(start: usize, len: usize, unit: usize, advice: libc::c_int) {
    let from = start.next_multiple_of(unit);
    let to = start.saturating_add(len) / unit * unit;
    if to <= from {
        return;
    }
    // SAFETY: callers pass memory of their own (an allocation they keep,
    // or a mapping they own); the advice used here (huge pages, populate,
    // don't-need on a read-only file mapping) never changes what the bytes
    // are, and the result is ignored.
    unsafe {
        libc::madvise(from as *mut libc::c_void, to - from, advice);
    }
}

/// Elsewhere the advice is not given.
#[cfg(not(target_os = "linux"))]
pub fn advise(_start: usize, _len: usize, _unit: usize, _advice: libc::c_int) {}
