#!/usr/bin/env bash
# Audit throughput. Writes a corpus of ticket notes with bench/corpus.py (a ServiceNow-style CSV,
# seed 7) and times `deskcoach audit notes CORPUS --format jsonl -o /dev/null`:
#   - pinned to one core (`taskset -c 0`, --jobs 1), so the reader and writer threads cannot
#     borrow a second core: the honest per-core figure;
#   - the same on a quarter-size corpus (same generator and seed), to check that the cost is
#     linear in the input (seconds per MB of both, and their ratio, close to 1 when it is);
#   - unpinned on every core (--jobs $(nproc)).
# Each deskcoach figure is the run with the median wall time of three: the machines are
# shared, and a neighbour can slow any one run by a third.
# Then it times two prose linters, proselint (PyPI) and write-good (npm, with --parse), both
# installed into the bench folder on first use, on a sample of the same notes (text only, one
# note per paragraph), and on one note alone to measure their start-up cost. The peers run
# unpinned. Prints wall seconds, MB/s, notes/s, CPU seconds (user + sys) per MB and peak
# memory (MB = 1,000,000 bytes throughout), then the goals:
#   - 25 MB/s per core: deskcoach's pinned one-core throughput, with the full default rubric
#     reading every note sentence through the language core (the lexical audit's goal was 50);
#   - at least 50x each peer: deskcoach's pinned one-core throughput against the peer's
#     throughput with its start-up cost subtracted (the stricter comparison for deskcoach).
#
#   bench/audit.sh                        # 100 MB corpus, 2 MB sample for the peers
#   MB=20 SAMPLE_MB=1 bench/audit.sh      # quicker
#
# Environment:
#   MB                   corpus size in MB (default 100); the quarter corpus is MB/4
#   SAMPLE_MB            size of the peers' sample in MB (default 2)
#   DESKCOACH_BENCH_DIR  where corpora, samples and the peers are kept between runs
#                        (default /tmp/deskcoach-bench); files are named by size and by a
#                        hash of bench/corpus.py, so a changed generator writes new ones
# Needs python3, /usr/bin/time, taskset (util-linux), and pip and npm for the peers.
set -euo pipefail
shopt -s inherit_errexit

MB=${MB:-100}
SAMPLE_MB=${SAMPLE_MB:-2}
source "$(dirname "$0")/common.sh"

QUARTER_MB=$(python3 -c 'import sys; print("%g" % (float(sys.argv[1]) / 4))' "$MB")
CORPUS=$(ensure_corpus "$MB")
QUARTER=$(ensure_corpus "$QUARTER_MB")
SAMPLE="$WORK/notes-sample-${SAMPLE_MB}mb-seed${SEED}-${GEN}.txt"
ONE="$WORK/notes-one-seed${SEED}-${GEN}.txt"
if [ ! -s "$SAMPLE" ] || [ ! -s "$ONE" ]; then
  # The sample is the corpus's first notes, text only, one note per paragraph; ONE is the
  # first of them alone. A sample larger than the corpus is the whole corpus.
  python3 - "$CORPUS" "$SAMPLE" "$ONE" "$SAMPLE_MB" <<'PY'
import csv, sys
src, dst, one, mb = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
with open(src, encoding="utf-8", newline="") as f, open(dst + ".tmp", "w", encoding="utf-8") as out:
    written = 0
    for i, row in enumerate(csv.DictReader(f)):
        para = row["close_notes"] + "\n\n"
        if i == 0:
            with open(one, "w", encoding="utf-8") as o:
                o.write(para)
        out.write(para)
        written += len(para.encode("utf-8"))
        if written >= mb * 1_000_000:
            break
PY
  mv "$SAMPLE.tmp" "$SAMPLE"
fi

bytes_of() { stat -c %s "$1"; }
# corpus.py writes one note a line, after the header.
notes_of_csv() { echo $(($(wc -l < "$1") - 1)); }
notes_of_text() { grep -c . "$1"; }

# Runs a command; prints "wall_s user_s sys_s peak_kb". OK_CODES are the exit codes that mean
# it ran (the linters exit non-zero when they find something, and then print what they found);
# any other code, or a non-zero one with nothing printed, stops the script with the command's
# error output.
measure() {
  local ok_codes=$1 rc=0
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" > "$WORK/out.txt" 2> "$WORK/err.txt" || rc=$?
  if [[ " $ok_codes " != *" $rc "* ]] || { [ "$rc" -ne 0 ] && [ ! -s "$WORK/out.txt" ]; }; then
    echo "failed (exit $rc): $*" >&2
    tail -n 20 "$WORK/err.txt" >&2
    exit 1
  fi
  tail -n 1 "$WORK/time.txt"
}

# The run of three with the median wall time, as `measure` prints it.
median_of_three() {
  local runs=() i
  for i in 1 2 3; do
    runs+=("$(measure "$@")")
  done
  printf '%s\n' "${runs[@]}" | sort -g -k1,1 | sed -n 2p
}

cores=$(nproc)
echo "timing deskcoach on one core (taskset -c 0, --jobs 1), three runs each..."
audit=("$BIN" audit notes --format jsonl -o /dev/null)
read -r one_s one_u one_y one_kb < <(median_of_three 0 taskset -c 0 "${audit[@]}" --jobs 1 "$CORPUS")
read -r q_s q_u q_y q_kb < <(median_of_three 0 taskset -c 0 "${audit[@]}" --jobs 1 "$QUARTER")
echo "timing deskcoach on $cores cores (--jobs $cores), three runs..."
read -r all_s all_u all_y all_kb < <(median_of_three 0 "${audit[@]}" --jobs "$cores" "$CORPUS")

PEERS="$WORK/peers"
mkdir -p "$PEERS"
if [ ! -f "$PEERS/py/proselint/__init__.py" ]; then
  echo "installing proselint into $PEERS/py..."
  python3 -m pip install --quiet --target "$PEERS/py" proselint
fi
if [ ! -x "$PEERS/node_modules/.bin/write-good" ]; then
  echo "installing write-good into $PEERS..."
  (cd "$PEERS" && npm install --silent --no-audit --no-fund write-good > /dev/null)
fi
proselint=(env PYTHONPATH="$PEERS/py" python3 -m proselint check)
write_good=("$PEERS/node_modules/.bin/write-good" --parse)

# Start-up: the median of three runs on one note.
startup() {
  local runs=() s
  for _ in 1 2 3; do
    read -r s _ < <(measure "$@" "$ONE")
    runs+=("$s")
  done
  printf '%s\n' "${runs[@]}" | sort -g | sed -n 2p
}
echo "timing proselint and write-good on the ${SAMPLE_MB} MB sample and on one note..."
read -r prose_s prose_u prose_y prose_kb < <(measure "0 1" "${proselint[@]}" "$SAMPLE")
prose_start=$(startup "0 1" "${proselint[@]}")
read -r wg_s wg_u wg_y wg_kb < <(measure "0 255" "${write_good[@]}" "$SAMPLE")
wg_start=$(startup "0 255" "${write_good[@]}")

python3 - "$cores" \
  "$(bytes_of "$CORPUS")" "$(notes_of_csv "$CORPUS")" "$one_s" "$one_u" "$one_y" "$one_kb" \
  "$(bytes_of "$QUARTER")" "$(notes_of_csv "$QUARTER")" "$q_s" "$q_u" "$q_y" "$q_kb" \
  "$all_s" "$all_u" "$all_y" "$all_kb" \
  "$(bytes_of "$SAMPLE")" "$(notes_of_text "$SAMPLE")" \
  "$prose_s" "$prose_u" "$prose_y" "$prose_kb" "$prose_start" \
  "$wg_s" "$wg_u" "$wg_y" "$wg_kb" "$wg_start" <<'PY'
import sys

a = sys.argv[1:]
cores = int(a.pop(0))


def run(b, n, s, u, y, kb):
    return dict(mb=int(b) / 1e6, notes=int(n), s=max(float(s), 0.01), cpu=float(u) + float(y), kb=int(kb))


one = run(*a[0:6])
quarter = run(*a[6:12])
every = run(*a[0:2], *a[12:16])
sample_b, sample_n = a[16:18]
prose = run(sample_b, sample_n, *a[18:22])
prose_start = float(a[22])
wg = run(sample_b, sample_n, *a[23:27])
wg_start = float(a[27])

rows = [
    ("deskcoach, 1 core (pinned)", one),
    ("  same, quarter corpus", quarter),
    (f"deskcoach, {cores} cores", every),
    ("proselint", prose),
    ("write-good", wg),
]
print(f"\n{'tool':28} {'MB':>7} {'wall s':>8} {'MB/s':>8} {'notes/s':>10} {'CPU s/MB':>9} {'peak MB':>8}")
for name, r in rows:
    print(
        f"{name:28} {r['mb']:7.1f} {r['s']:8.2f} {r['mb'] / r['s']:8.2f} {r['notes'] / r['s']:10.0f}"
        f" {r['cpu'] / r['mb']:9.4f} {r['kb'] * 1024 / 1e6:8.1f}"
    )

per_mb, q_per_mb = one["s"] / one["mb"], quarter["s"] / quarter["mb"]
print(
    f"\nlinearity (1 core, pinned): {per_mb:.4f} s/MB on {one['mb']:.1f} MB,"
    f" {q_per_mb:.4f} s/MB on {quarter['mb']:.1f} MB, ratio {per_mb / q_per_mb:.2f} (1.00 = linear)"
)

one_rate = one["mb"] / one["s"]
print()
peer_rate = {}
for name, r, start in (("proselint", prose, prose_start), ("write-good", wg, wg_start)):
    raw = r["mb"] / r["s"]
    work = r["s"] - start
    # With the start-up subtracted; at least 10 ms of work, so a start-up that swallows the
    # whole run gives a large (strict) rate rather than a division by zero.
    net = r["mb"] / max(work, 0.01)
    peer_rate[name] = net
    print(
        f"{name:10}: {raw:.3f} MB/s raw, start-up {start:.2f} s (one note),"
        f" {net:.3f} MB/s with start-up subtracted"
    )

print(f"\ngoal: 25 MB/s per core -> {'PASS' if one_rate >= 25 else 'FAIL'} ({one_rate:.2f} MB/s on one pinned core)")
for name, r in (("proselint", prose), ("write-good", wg)):
    ratio = one_rate / peer_rate[name]
    raw_ratio = one_rate / (r["mb"] / r["s"])
    print(
        f"goal: at least 50x {name} -> {'PASS' if ratio >= 50 else 'FAIL'}"
        f" ({ratio:.1f}x its start-up-subtracted throughput; {raw_ratio:.1f}x raw)"
    )
PY
