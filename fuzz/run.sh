#!/usr/bin/env bash
# Runs every fuzz target for a bounded time and reports executions and crashes.
#
#   fuzz/run.sh                  # every target, 60 s each
#   FUZZ_SECONDS=180 fuzz/run.sh # longer
#   fuzz/run.sh note analyze     # only these targets
#
# Environment: FUZZ_SECONDS (per target, default 60), FUZZ_JOBS (parallel targets, default 1),
# FUZZ_TIMEOUT (seconds one input may take before it counts as a hang, default 10),
# FUZZ_RSS_MB (memory limit, default 2048), FUZZ_SANITIZER (default none: the crate has no
# unsafe code, so AddressSanitizer mostly halves the speed; set it to `address` to use it).
#
# Works with only the stable toolchain: cargo-fuzz is installed if missing and the nightly-only
# flags it passes to rustc are allowed with RUSTC_BOOTSTRAP=1. Exits non-zero if any target
# found a crash, a hang or ran out of memory; the reproducer is under fuzz/artifacts/<target>/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

seconds="${FUZZ_SECONDS:-60}"
jobs="${FUZZ_JOBS:-1}"
timeout="${FUZZ_TIMEOUT:-10}"
rss="${FUZZ_RSS_MB:-2048}"
sanitizer="${FUZZ_SANITIZER:-none}"
all_targets=(scenario rubric transcript analyze note csv_export yaml_limits)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed; installing it (cargo install cargo-fuzz)" >&2
    cargo install --locked cargo-fuzz
fi

# Build once, then run the binaries directly: `cargo fuzz run` would rebuild, and a rebuild would
# eat into a target's time whenever src/ changed meanwhile.
if [ ${#targets[@]} -eq ${#all_targets[@]} ]; then
    cargo fuzz build --fuzz-dir "$here" --sanitizer "$sanitizer"
else
    for t in "${targets[@]}"; do
        cargo fuzz build --fuzz-dir "$here" --sanitizer "$sanitizer" "$t"
    done
fi
triple="$(rustc -vV | sed -n 's/^host: //p')"
bin="$here/target/$triple/release"

logs="$here/logs"
mkdir -p "$logs"

run_one() {
    local t="$1"
    mkdir -p "$here/corpus/$t" "$here/artifacts/$t"
    local rc=0 start
    start=$(date +%s)
    "$bin/$t" "$here/corpus/$t" -artifact_prefix="$here/artifacts/$t/" \
        -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss" \
        -print_final_stats=1 >"$logs/$t.log" 2>&1 || rc=$?
    echo "$rc $(($(date +%s) - start))" >"$logs/$t.status"
}

pids=()
for t in "${targets[@]}"; do
    run_one "$t" &
    pids+=($!)
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n || true
    done
done
wait || true

failed=0
printf '%-12s %14s %8s %8s  %s\n' target executions seconds exec/s result
for t in "${targets[@]}"; do
    read -r rc wall <"$logs/$t.status"
    # libFuzzer's own figures: "Done N runs in S second(s)" on a clean finish, the last status
    # line ("#N ... exec/s: R") after a crash.
    execs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$logs/$t.log" | tail -1)
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$logs/$t.log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *\([0-9]*\)/\1/p' "$logs/$t.log" | tail -1)
    if [ -z "$execs" ]; then
        execs=$(grep -Eo '^#[0-9]+' "$logs/$t.log" | tail -1 | tr -d '#')
        rate=$(grep -Eo 'exec/s: [0-9]+' "$logs/$t.log" | tail -1 | grep -Eo '[0-9]+')
    fi
    execs="${execs:-0}" secs="${secs:-$wall}" rate="${rate:-?}"
    if [ "$rc" -eq 0 ]; then
        result="ok, no crash"
    else
        failed=1
        kind=$(grep -Eo 'ERROR: libFuzzer: [a-z-]+|panicked at [^:]*:[0-9]+' "$logs/$t.log" | head -1 || true)
        artifact=$(grep -Eo 'Test unit written to [^ ]+' "$logs/$t.log" | tail -1 | sed 's/Test unit written to //' || true)
        result="CRASH (${kind:-exit $rc}) ${artifact}"
    fi
    printf '%-12s %14s %8s %8s  %s\n' "$t" "$execs" "$secs" "$rate" "$result"
done
if [ "$failed" -ne 0 ]; then
    echo
    echo "A target failed: see fuzz/logs/<target>.log; reproduce with"
    echo "  RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz --sanitizer $sanitizer <target> <artifact>"
fi
exit "$failed"
