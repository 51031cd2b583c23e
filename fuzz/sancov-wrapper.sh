#!/bin/sh
# RUSTC_WRAPPER for fuzzing with the stable toolchain and without
# rebuilding the dependencies: only our crates (the library and the fuzz
# targets) get libFuzzer's coverage instrumentation, everything else is
# compiled exactly as in the main release build, so a copy of the main
# target dir is reused (polars is not compiled again). See README,
# "Reliability".
rustc="$1"; shift
case " $* " in
  *" --crate-name budget_monitor "*|*" --crate-name fuzz_"*)
    exec "$rustc" "$@" -Cpasses=sancov-module \
      -Cllvm-args=-sanitizer-coverage-level=4 \
      -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
      -Cllvm-args=-sanitizer-coverage-pc-table \
      -Cllvm-args=-sanitizer-coverage-trace-compares \
      --cfg fuzzing ;;
  *) exec "$rustc" "$@" ;;
esac
