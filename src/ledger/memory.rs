//! Large buffers backed by huge pages where the kernel allows it.
//!
//! Reading a province's year touches a few hundred megabytes of fresh
//! memory (record buckets, per-day tables, the merged daily table). With
//! 4 KiB pages that is ~100,000 page faults, which on a virtual machine
//! cost more than the parsing they serve. Linux's transparent huge pages
//! are often enabled only for memory that asks for them (`madvise` mode),
//! so large vectors ask, before they are first touched. Where the call is
//! unsupported or refused, nothing changes but the speed.

/// Below this a buffer is not worth advising.
const MIN: usize = 4 << 20;

/// Asks for huge pages for the spare capacity and contents of `v`.
pub fn advise<T>(v: &mut Vec<T>) {
    let bytes = v.capacity() * std::mem::size_of::<T>();
    if bytes < MIN {
        return;
    }
    advise_range(v.as_mut_ptr() as usize, bytes);
}

/// Only whole 2 MiB regions inside the buffer can become huge pages.
fn advise_range(start: usize, len: usize) {
    #[cfg(target_os = "linux")]
    crate::base::pages::advise(start, len, 2 << 20, libc::MADV_HUGEPAGE);
    #[cfg(not(target_os = "linux"))]
    let _ = (start, len);
}

/// A zeroed vector of `n` integers, advised before it is touched. The
/// allocator hands out fresh zero pages for it without writing them, so a
/// large table that a small file barely uses costs almost nothing.
pub fn zeroed<T: Copy + Default + PartialEq>(n: usize) -> Vec<T> {
    let mut v = vec![T::default(); n];
    advise(&mut v);
    v
}

/// An empty vector with room for `n`, advised.
pub fn with_capacity<T>(n: usize) -> Vec<T> {
    let mut v = Vec::with_capacity(n);
    advise(&mut v);
    v
}
