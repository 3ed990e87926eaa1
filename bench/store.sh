#!/usr/bin/env bash
# How long `deskcoach report` and `deskcoach progress` take on a large training record, and
# what opening it for a call costs (`play` saved into it, against `play --no-save`).
#
#   bench/store.sh            # 100,000 attempts, 5 timed runs per command
#   N=20000 RUNS=9 bench/store.sh
#
# Builds the release binary and the seed_store example, seeds N realistic attempts into a
# database under $DESKCOACH_BENCH_DIR (default: $TMPDIR/deskcoach-bench; it is reused while N
# and the seeder are unchanged, since seeding takes a while), then runs each command once to
# warm up (this also brings an older database's schema up to date) and RUNS times timed. Prints
# the minimum and median wall time of each against the goal, and exits 1 if any misses it.
# Needs only bash, coreutils and the Rust toolchain.
set -euo pipefail

N=${N:-100000}
RUNS=${RUNS:-5}
TRAINEES=${TRAINEES:-40}
GOAL_MS=${GOAL_MS:-1000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${DESKCOACH_BENCH_DIR:-${TMPDIR:-/tmp}/deskcoach-bench}
db="$dir/store-$N.db"
marker="$db.seeded"

# Milliseconds since the epoch; GNU date has %N, elsewhere perl has Time::HiRes.
if [[ $(date +%s%N) =~ ^[0-9]+$ ]]; then
    now_ms() { echo $(($(date +%s%N) / 1000000)); }
else
    now_ms() { perl -MTime::HiRes=time -e 'printf "%d\n", time * 1000'; }
fi

echo "building (cargo build --release)..." >&2
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin deskcoach --example seed_store
target=$(cd "$root" && cargo metadata --format-version 1 --no-deps 2>/dev/null |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
target=${target:-$root/target}
deskcoach="$target/release/deskcoach"
seeder="$target/release/examples/seed_store"

mkdir -p "$dir"
want="n=$N trainees=$TRAINEES seeder=$(cksum <"$root/examples/seed_store.rs" | cut -d' ' -f1)"
if [[ -f $db && -f $marker && $(head -n1 "$marker") == "$want" ]]; then
    trainee=$(sed -n 2p "$marker")
    seeded="reused (delete $marker to seed again)"
else
    rm -f "$db" "$db-wal" "$db-shm" "$marker"
    echo "seeding $N attempts into $db..." >&2
    start=$(now_ms)
    trainee=$("$seeder" "$db" "$N" "$TRAINEES")
    took=$((($(now_ms) - start) / 100))
    seeded="seeded in $((took / 10)).$((took % 10)) s"
    printf '%s\n%s\n' "$want" "$trainee" >"$marker"
fi

out=$(mktemp "${TMPDIR:-/tmp}/deskcoach-bench-out.XXXXXX")
trap 'rm -f "$out"' EXIT

# time_command LABEL ARGS...: one warm-up run, then RUNS timed ones, output to /dev/null or
# (report -o) a temporary file; prints a table row.
failed=0
time_command() {
    local label=$1
    shift
    "$deskcoach" "$@" >/dev/null
    local times=() i start
    for ((i = 0; i < RUNS; i++)); do
        start=$(now_ms)
        "$deskcoach" "$@" >/dev/null
        times+=($(($(now_ms) - start)))
    done
    local sorted min median verdict=PASS
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    min=$(echo "$sorted" | head -n1)
    median=$(echo "$sorted" | sed -n "$(((RUNS + 1) / 2))p")
    if ((median >= GOAL_MS)); then
        verdict=FAIL
        failed=1
    fi
    printf '%-36s %8s %10s %9s   %s\n' "$label" "$min" "$median" "< $GOAL_MS" "$verdict"
}

size=$(($(wc -c <"$db") / 1048576))
echo
echo "deskcoach store benchmark: $N attempts by $TRAINEES trainees, $db ($size MB), $seeded"
echo "wall time of $RUNS runs after one warm-up run; the goal is on the median"
echo
printf '%-36s %8s %10s %9s   %s\n' command "min ms" "median ms" goal result
time_command "report --format text" report --db "$db" --format text -o "$out"
time_command "report --format json" report --db "$db" --format json -o "$out"
time_command "report --format html" report --db "$db" --format html -o "$out"
time_command "progress --trainee $trainee" progress --db "$db" --trainee "$trainee"
# A call saved into the record, against the same call unsaved: the difference is what opening a
# record for writing costs, its PRAGMA quick_check before the first write most of all.
script="$root/scenarios/tests/internet-down/strong.txt"
time_command "play, saved into the record" play internet-down --script "$script" --db "$db" --trainee bench-play
time_command "play --no-save" play internet-down --script "$script" --no-save
exit $failed
