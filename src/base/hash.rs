//! XXH3-64 of whole file blocks, with the SIMD width picked at run time.
//!
//! Every ledger export is hashed in 4 MiB blocks for the cache's content
//! hash (see `encoding::block_hash`). The release build targets baseline
//! x86-64, and `xxhash_rust` chooses its inner loop by compile-time
//! `target_feature` only, so it runs its SSE2 loop even on the AVX2 and
//! AVX-512 machines the job runs on: a 100,000-project cold run spent some
//! 6.5 % of its CPU there. This module computes exactly the same value
//! (cache entry names depend on it) with the widest loop the CPU offers.
//! Inputs of 240 bytes or less (xxh3's short paths, no inner loop), CPUs
//! without AVX2 and other architectures use `xxhash_rust` itself.
//!
//! Measured on the 357 MB benchmark ledger in 4 MiB blocks (median of 5):
//! `xxhash_rust` 53 ms, AVX2 33 ms, AVX-512 30 ms; with each block already
//! in cache 17, 12.3 and 12.3 ms. AVX-512 is taken when present, as xxHash's
//! own dispatcher does.

/// Inputs longer than this take xxh3's "long" path (the stripe loop).
const MID_SIZE_MAX: usize = 240;
/// Bytes consumed by one accumulate step.
const STRIPE_LEN: usize = 64;
/// The default secret's length.
const SECRET_LEN: usize = 192;
/// Stripes between two scrambles: `(SECRET_LEN - STRIPE_LEN) / 8`.
const STRIPES_PER_BLOCK: usize = (SECRET_LEN - STRIPE_LEN) / 8;
/// Bytes between two scrambles.
const BLOCK_LEN: usize = STRIPE_LEN * STRIPES_PER_BLOCK;
/// Where the secret of the last stripe ends, counted from the secret's end.
const SECRET_LASTACC_START: usize = 7;
/// Where the secret used to merge the accumulators starts.
const SECRET_MERGEACCS_START: usize = 11;

const PRIME32_1: u64 = 0x9E37_79B1;
const PRIME32_2: u64 = 0x85EB_CA77;
const PRIME32_3: u64 = 0xC2B2_AE3D;
const PRIME64_1: u64 = 0x9E37_79B1_85EB_CA87;
const PRIME64_2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const PRIME64_3: u64 = 0x1656_67B1_9E37_79F9;
const PRIME64_4: u64 = 0x85EB_CA77_C2B2_AE63;
const PRIME64_5: u64 = 0x27D4_EB2F_1656_67C5;

/// The accumulators' starting values.
const INITIAL_ACC: [u64; 8] = [
    PRIME32_3, PRIME64_1, PRIME64_2, PRIME64_3, PRIME64_4, PRIME32_2, PRIME64_5, PRIME32_1,
];

/// XXH3's default secret (`xxhash_rust` keeps its copy private).
const SECRET: [u8; SECRET_LEN] = [
    0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
    0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
    0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
    0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
    0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
    0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
    0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
    0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
    0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
    0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
    0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
    0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
];

/// `xxhash_rust::xxh3::xxh3_64(input)`, with AVX-512 or AVX2 when the CPU
/// has it and the input is long enough to use it.
pub fn xxh3_64(input: &[u8]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if input.len() > MID_SIZE_MAX {
        if std::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F, all `hash_long_avx512` needs.
            return unsafe { x86::hash_long_avx512(input) };
        }
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, all `hash_long_avx2` needs.
            return unsafe { x86::hash_long_avx2(input) };
        }
    }
    xxhash_rust::xxh3::xxh3_64(input)
}

/// The 64 secret bytes starting at `at`.
#[inline(always)]
fn secret(at: usize) -> &'static [u8; 64] {
    SECRET[at..at + 64].try_into().expect("64 bytes")
}

/// XXH3-64's long path with the default secret and seed 0, over any
/// accumulator representation `A`: `accumulate` mixes one 64-byte stripe
/// into it with the secret window given, `scramble` scrambles it with the
/// last 64 secret bytes, `lanes` gives its eight 64-bit lanes back. Each
/// SIMD flavour calls this from a function compiled for its CPU features,
/// so the whole loop is compiled with them (`inline(always)`).
#[inline(always)]
fn hash_long<A>(
    input: &[u8],
    mut acc: A,
    accumulate: impl Fn(&mut A, &[u8; 64], &[u8; 64]),
    scramble: impl Fn(&mut A, &[u8; 64]),
    lanes: impl Fn(&A) -> [u64; 8],
) -> u64 {
    debug_assert!(input.len() > MID_SIZE_MAX);
    let len = input.len();
    // Whole blocks, each followed by a scramble; the last byte always falls
    // in the partial block after them, even when `len` is a multiple.
    let full = (len - 1) / BLOCK_LEN * BLOCK_LEN;
    let (blocks, _) = input[..full].as_chunks::<BLOCK_LEN>();
    for block in blocks {
        let (stripes, _) = block.as_chunks::<STRIPE_LEN>();
        for (i, stripe) in stripes.iter().enumerate() {
            accumulate(&mut acc, stripe, secret(i * 8));
        }
        scramble(&mut acc, secret(SECRET_LEN - STRIPE_LEN));
    }
    // The partial block's whole stripes, except one ending on the last byte.
    let rest = &input[full..];
    let (stripes, _) = rest.as_chunks::<STRIPE_LEN>();
    for (i, stripe) in stripes
        .iter()
        .take((rest.len() - 1) / STRIPE_LEN)
        .enumerate()
    {
        accumulate(&mut acc, stripe, secret(i * 8));
    }
    // The last 64 bytes, overlapping what came before.
    let last: &[u8; 64] = input[len - STRIPE_LEN..].try_into().expect("64 bytes");
    accumulate(
        &mut acc,
        last,
        secret(SECRET_LEN - STRIPE_LEN - SECRET_LASTACC_START),
    );
    merge(&lanes(&acc), len)
}

/// Folds the accumulators into the hash (`merge_accs` and `avalanche`).
fn merge(acc: &[u64; 8], len: usize) -> u64 {
    let mut result = (len as u64).wrapping_mul(PRIME64_1);
    for i in 0..4 {
        let at = SECRET_MERGEACCS_START + 16 * i;
        let lo = acc[2 * i] ^ le64(&SECRET[at..]);
        let hi = acc[2 * i + 1] ^ le64(&SECRET[at + 8..]);
        let product = lo as u128 * hi as u128;
        result = result.wrapping_add(product as u64 ^ (product >> 64) as u64);
    }
    result ^= result >> 37;
    result = result.wrapping_mul(0x1656_6791_9E37_79F9);
    result ^ (result >> 32)
}

/// The little-endian u64 at the start of `bytes`.
#[inline(always)]
fn le64(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"))
}

/// The AVX2 and AVX-512 accumulate and scramble steps, as in
/// `xxhash_rust` (and xxHash's C source) for those widths.
#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{hash_long, INITIAL_ACC, PRIME32_1};
    use std::arch::x86_64::*;

    /// `_MM_SHUFFLE(1, 0, 3, 2)`: swaps the two 64-bit halves of each
    /// 128-bit lane.
    const SWAP_64: i32 = 0b01_00_11_10;

    /// How far ahead of the stripe being hashed its bytes are prefetched:
    /// with the hardware prefetcher alone the AVX loops waited on memory
    /// (the 357 MB benchmark ledger, in 4 MiB blocks not in cache: AVX-512
    /// 37 ms without, 30 ms with; AVX2 42 and 33 ms; 384, 1024 and 4096
    /// bytes ahead did less well).
    const PREFETCH_AHEAD: usize = 2048;

    /// XXH3-64 of a long input, eight lanes as two 256-bit registers.
    #[target_feature(enable = "avx2")]
    pub(super) fn hash_long_avx2(input: &[u8]) -> u64 {
        let init = |i: usize| {
            let l = |j: usize| INITIAL_ACC[4 * i + j] as i64;
            _mm256_set_epi64x(l(3), l(2), l(1), l(0))
        };
        hash_long(
            input,
            [init(0), init(1)],
            |acc, stripe, secret| {
                prefetch(stripe);
                for i in 0..2 {
                    let data = load256(&stripe[32 * i..]);
                    let key = _mm256_xor_si256(data, load256(&secret[32 * i..]));
                    let product = _mm256_mul_epu32(key, _mm256_srli_epi64::<32>(key));
                    let swapped = _mm256_shuffle_epi32::<SWAP_64>(data);
                    acc[i] = _mm256_add_epi64(_mm256_add_epi64(acc[i], swapped), product);
                }
            },
            |acc, secret| {
                let prime = _mm256_set1_epi32(PRIME32_1 as i32);
                for i in 0..2 {
                    let a = acc[i];
                    let mixed = _mm256_xor_si256(a, _mm256_srli_epi64::<47>(a));
                    let key = _mm256_xor_si256(mixed, load256(&secret[32 * i..]));
                    let lo = _mm256_mul_epu32(key, prime);
                    let hi = _mm256_mul_epu32(_mm256_srli_epi64::<32>(key), prime);
                    acc[i] = _mm256_add_epi64(lo, _mm256_slli_epi64::<32>(hi));
                }
            },
            |acc| join(lanes256(acc[0]), lanes256(acc[1])),
        )
    }

    /// The four 64-bit lanes of `v`.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn lanes256(v: __m256i) -> [u64; 4] {
        [
            _mm256_extract_epi64::<0>(v) as u64,
            _mm256_extract_epi64::<1>(v) as u64,
            _mm256_extract_epi64::<2>(v) as u64,
            _mm256_extract_epi64::<3>(v) as u64,
        ]
    }

    /// Eight lanes from two halves.
    fn join(lo: [u64; 4], hi: [u64; 4]) -> [u64; 8] {
        std::array::from_fn(|k| if k < 4 { lo[k] } else { hi[k - 4] })
    }

    /// Asks for the cache line `PREFETCH_AHEAD` bytes after `stripe`.
    #[inline(always)]
    fn prefetch(stripe: &[u8; 64]) {
        let ahead = stripe.as_ptr().wrapping_add(PREFETCH_AHEAD);
        // SAFETY: a prefetch is a hint that never faults and reads nothing
        // into the program, so any address will do, even past the input.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(ahead.cast()) };
    }

    /// The first 32 bytes of `bytes` as a vector.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn load256(bytes: &[u8]) -> __m256i {
        let bytes: &[u8; 32] = bytes[..32].try_into().expect("32 bytes");
        // SAFETY: `bytes` is 32 readable bytes; the load needs no alignment.
        unsafe { _mm256_loadu_si256(bytes.as_ptr().cast()) }
    }

    /// XXH3-64 of a long input, eight lanes in one 512-bit register.
    #[target_feature(enable = "avx512f")]
    pub(super) fn hash_long_avx512(input: &[u8]) -> u64 {
        let l = |j: usize| INITIAL_ACC[j] as i64;
        let init = _mm512_set_epi64(l(7), l(6), l(5), l(4), l(3), l(2), l(1), l(0));
        hash_long(
            input,
            init,
            |acc, stripe, secret| {
                prefetch(stripe);
                let data = load512(stripe);
                let key = _mm512_xor_si512(data, load512(secret));
                let product = _mm512_mul_epu32(key, _mm512_srli_epi64::<32>(key));
                let swapped = _mm512_shuffle_epi32::<SWAP_64>(data);
                *acc = _mm512_add_epi64(_mm512_add_epi64(*acc, swapped), product);
            },
            |acc, secret| {
                let prime = _mm512_set1_epi32(PRIME32_1 as i32);
                let a = *acc;
                // acc ^ (acc >> 47) ^ secret in one instruction.
                let key = _mm512_ternarylogic_epi32::<0x96>(
                    load512(secret),
                    a,
                    _mm512_srli_epi64::<47>(a),
                );
                let lo = _mm512_mul_epu32(key, prime);
                let hi = _mm512_mul_epu32(_mm512_srli_epi64::<32>(key), prime);
                *acc = _mm512_add_epi64(lo, _mm512_slli_epi64::<32>(hi));
            },
            |acc| {
                let lo = lanes256(_mm512_castsi512_si256(*acc));
                join(lo, lanes256(_mm512_extracti64x4_epi64::<1>(*acc)))
            },
        )
    }

    /// 64 bytes as a vector.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn load512(bytes: &[u8; 64]) -> __m512i {
        // SAFETY: `bytes` is 64 readable bytes; the load needs no alignment.
        unsafe { _mm512_loadu_si512(bytes.as_ptr().cast()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The portable reference: the same loop with xxh3's scalar steps, so
    /// the loop itself is checked on any CPU.
    fn hash_long_scalar(input: &[u8]) -> u64 {
        hash_long(
            input,
            INITIAL_ACC,
            |acc, stripe, secret| {
                for i in 0..8 {
                    let data = le64(&stripe[8 * i..]);
                    let key = data ^ le64(&secret[8 * i..]);
                    acc[i ^ 1] = acc[i ^ 1].wrapping_add(data);
                    acc[i] = acc[i].wrapping_add((key & 0xFFFF_FFFF) * (key >> 32));
                }
            },
            |acc, secret| {
                for (i, a) in acc.iter_mut().enumerate() {
                    let mixed = *a ^ (*a >> 47) ^ le64(&secret[8 * i..]);
                    *a = mixed.wrapping_mul(PRIME32_1);
                }
            },
            |acc| *acc,
        )
    }

    /// A long-path implementation.
    type LongHash = fn(&[u8]) -> u64;

    /// Every long-path implementation this CPU can run, by name.
    fn long_paths() -> Vec<(&'static str, LongHash)> {
        let mut paths: Vec<(&'static str, LongHash)> = vec![("scalar", hash_long_scalar)];
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx2") {
                // SAFETY (for the calls through this pointer): AVX2 detected.
                paths.push(("avx2", |b| unsafe { x86::hash_long_avx2(b) }));
            }
            if std::is_x86_feature_detected!("avx512f") {
                // SAFETY (for the calls through this pointer): AVX-512F detected.
                paths.push(("avx512", |b| unsafe { x86::hash_long_avx512(b) }));
            }
        }
        paths
    }

    /// Pseudo-random bytes (xorshift), the same every run.
    fn noise(len: usize) -> Vec<u8> {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    fn check(bytes: &[u8]) {
        let want = xxhash_rust::xxh3::xxh3_64(bytes);
        assert_eq!(xxh3_64(bytes), want, "dispatch, length {}", bytes.len());
        if bytes.len() > MID_SIZE_MAX {
            for (name, f) in long_paths() {
                assert_eq!(f(bytes), want, "{name}, length {}", bytes.len());
            }
        }
    }

    #[test]
    fn equals_xxhash_rust_for_every_length_up_to_5000() {
        let bytes = noise(5000);
        for len in 0..=5000 {
            check(&bytes[..len]);
        }
    }

    #[test]
    fn equals_xxhash_rust_around_block_and_stripe_boundaries() {
        let bytes = noise(9 * BLOCK_LEN + 100);
        // Every multiple of the stripe (so of the block too) up to 9 blocks,
        // and next to each.
        for base in (STRIPE_LEN..=9 * BLOCK_LEN + STRIPE_LEN).step_by(STRIPE_LEN) {
            for len in [base - 7, base - 1, base, base + 1, base + 7] {
                check(&bytes[..len]);
                // And not starting on an aligned address.
                check(&bytes[3..3 + len]);
            }
        }
    }

    #[test]
    fn equals_xxhash_rust_on_large_uniform_and_random_inputs() {
        let block = 4 << 20;
        for byte in [0x00u8, 0xFF] {
            let bytes = vec![byte; 3 * block + 12345];
            for len in [block, block + 1, bytes.len()] {
                check(&bytes[..len]);
            }
        }
        let bytes = noise(block + 7);
        for len in [block - 7, block - 1, block, block + 1, block + 7] {
            check(&bytes[..len]);
        }
    }

    /// Times the hash of the 100,000-project ledger in 4 MiB blocks, the
    /// way `block_hash` sees it: `cargo test --release -- --ignored
    /// --nocapture hash_timing` (set BM_HASH_FILE for another file).
    #[test]
    #[ignore]
    fn hash_timing() {
        let path = std::env::var("BM_HASH_FILE")
            .unwrap_or_else(|_| "/var/tmp/bm14/benchA/p100k/ledger.csv".into());
        let bytes = std::fs::read(&path).expect("benchmark file");
        // BM_HASH_HOT: the first block over and over, as many times, for a
        // hash right after the block's read, with the block still in cache.
        let hot = std::env::var("BM_HASH_HOT").is_ok();
        let blocks: Vec<&[u8]> = match hot {
            false => bytes.chunks(4 << 20).collect(),
            true => vec![&bytes[..4 << 20]; bytes.len() >> 22],
        };
        let time = |f: &dyn Fn(&[u8]) -> u64| {
            let mut runs: Vec<(f64, u64)> = (0..5)
                .map(|_| {
                    let t = std::time::Instant::now();
                    let sum = blocks.iter().fold(0u64, |s, b| s ^ f(b));
                    (t.elapsed().as_secs_f64() * 1e3, sum)
                })
                .collect();
            runs.sort_by(|a, b| a.0.total_cmp(&b.0));
            runs[2]
        };
        let base = time(&xxhash_rust::xxh3::xxh3_64);
        println!("xxhash_rust {:.1} ms ({} MiB)", base.0, bytes.len() >> 20);
        for (name, f) in long_paths() {
            let (ms, sum) = time(&|b| {
                if b.len() > MID_SIZE_MAX {
                    f(b)
                } else {
                    xxhash_rust::xxh3::xxh3_64(b)
                }
            });
            assert_eq!(sum, base.1);
            println!("{name} {ms:.1} ms");
        }
        let (ms, sum) = time(&xxh3_64);
        assert_eq!(sum, base.1);
        println!("dispatch {ms:.1} ms");
    }
}
