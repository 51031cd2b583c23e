#!/usr/bin/env bash
# Runs a fuzz target of ../fuzz_targets with the stable toolchain and
# without rebuilding the dependencies (see README, "Reliability"):
#   fuzz/stable/run.sh fuzz_config 600
# Needs CARGO_TARGET_DIR pointing at a copy of the main release target dir
# (default /var/tmp/fuzz-target), c++ and ar. libFuzzer is compiled once from
# libfuzzer-sys's sources; `libfuzzer_sys` is replaced by the stand-in crate
# beside this script, which only links it (the real crate's `cc` build
# dependency would change features under polars and rebuild it).
set -euo pipefail
target="${1:?fuzz target name}"; seconds="${2:-600}"
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(cd "$here/../.." && pwd)"
work="${FUZZ_WORK:-/var/tmp/budget-monitor-fuzz}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/fuzz-target}"
mkdir -p "$work/obj" "$work/corpus/$target"
if [ ! -f "$work/libfuzzer.a" ]; then
  cargo fetch --manifest-path "$repo/fuzz/Cargo.toml" >/dev/null 2>&1 || true
  src="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/libfuzzer-sys-0.4*/libfuzzer | tail -1)"
  (cd "$work/obj" && ls "$src"/*.cpp | xargs -P 2 -I{} nice -n 19 c++ -O2 -std=c++17 -fno-omit-frame-pointer -w -c {} && ar rcs ../libfuzzer.a ./*.o)
fi
mkdir -p "$work/driver"
cat > "$work/driver/Cargo.toml" <<TOML
[package]
name = "fuzz-driver"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
libfuzzer-sys = { path = "$here/libfuzzer-stub", package = "libfuzzer-sys-stub" }
budget-monitor = { path = "$repo", features = ["fuzzing"] }
[workspace]
members = ["."]
[profile.release]
incremental = true
debug = false
[[bin]]
name = "$target"
path = "$repo/fuzz/fuzz_targets/$target.rs"
TOML
cp "$repo/Cargo.lock" "$work/driver/Cargo.lock"
LIBFUZZER_DIR="$work" RUSTC_WRAPPER="$repo/fuzz/sancov-wrapper.sh" \
  nice -n 19 cargo build --release --manifest-path "$work/driver/Cargo.toml" --bin "$target"
cp -n "$repo/fuzz/corpus/$target/"* "$work/corpus/$target/" 2>/dev/null || true
if [ "$target" = fuzz_config ] && [ ! -f "$work/corpus/$target/shipped" ]; then
  # Seeds: the shipped files (see the target for the input format).
  { cat "$repo/config/settings.toml"; printf '\n#--projects--\n'; cat "$repo/config/projects.toml"; } \
    > "$work/corpus/$target/shipped"
  cp "$repo/config/projects.toml" "$work/corpus/$target/projects_only"
fi
cd "$work"
exec nice -n 19 "$CARGO_TARGET_DIR/release/$target" -max_total_time="$seconds" \
  -print_final_stats=1 -artifact_prefix="$work/crash-$target-" "$work/corpus/$target"
