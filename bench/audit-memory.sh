#!/usr/bin/env bash
# Audit memory: writes a GB-sized corpus of ticket notes with bench/corpus.py (seed 7; about
# 90 s for 1,000 MB, kept in the bench folder for later runs), runs
# `deskcoach audit notes CORPUS --jobs $(nproc) --format jsonl -o /dev/null` on it on every
# core, and prints the peak resident memory (from /usr/bin/time; MB = 1,000,000 bytes) and the
# goal line: peak memory under 100 MB on a 1 GB input.
#
#   bench/audit-memory.sh                 # 1,000 MB corpus
#   GB_MB=200 bench/audit-memory.sh       # a smaller input: the goal line is then indicative
#
# Environment:
#   GB_MB                corpus size in MB (default 1000)
#   DESKCOACH_BENCH_DIR  where the corpus is kept between runs (default /tmp/deskcoach-bench);
#                        it is named by size and by a hash of bench/corpus.py, the same names
#                        bench/audit.sh uses, so a changed generator writes a new one
# Needs python3 and /usr/bin/time, and about GB_MB of free disk in the bench folder.
set -euo pipefail

GB_MB=${GB_MB:-1000}
source "$(dirname "$0")/common.sh"
CORPUS=$(ensure_corpus "$GB_MB" "about 90 s a GB")

cores=$(nproc)
echo "running deskcoach audit notes on $cores cores (--jobs $cores)..."
rc=0
/usr/bin/time -f "%e %U %S %M" -o "$WORK/memory-time.txt" \
  "$BIN" audit notes "$CORPUS" --jobs "$cores" --format jsonl -o /dev/null \
  > /dev/null 2> "$WORK/memory-err.txt" || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "deskcoach failed (exit $rc):" >&2
  tail -n 20 "$WORK/memory-err.txt" >&2
  exit 1
fi
read -r wall user sys peak_kb < <(tail -n 1 "$WORK/memory-time.txt")

python3 - "$(stat -c %s "$CORPUS")" "$(($(wc -l < "$CORPUS") - 1))" "$wall" "$user" "$sys" "$peak_kb" <<'PY'
import sys

size_b, notes, wall, user, sys_s, peak_kb = sys.argv[1:]
mb = int(size_b) / 1e6
wall = max(float(wall), 0.01)
peak_mb = int(peak_kb) * 1024 / 1e6
print(f"\ninput: {mb:.1f} MB, {int(notes)} notes")
print(f"wall {wall:.2f} s, {mb / wall:.2f} MB/s, CPU {float(user) + float(sys_s):.2f} s (user + sys)")
print(f"peak memory (RSS): {peak_mb:.1f} MB")
verdict = "PASS" if peak_mb < 100 else "FAIL"
note = "" if mb >= 1000 else f" (on {mb:.0f} MB, not 1 GB: indicative only)"
print(f"\ngoal: peak memory under 100 MB on a 1 GB input -> {verdict} ({peak_mb:.1f} MB){note}")
PY
