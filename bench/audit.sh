#!/usr/bin/env bash
# Audit throughput: builds a corpus of ticket notes, times `deskcoach audit notes` on it (one
# thread and every core), and times two prose linters on a sample of the same notes,
# proselint (PyPI) and write-good (npm), both installed into a temporary folder. Prints MB/s,
# notes/s, peak memory and the ratios.
#
#   bench/audit.sh                   # 100 MB corpus, 2 MB sample for the peers
#   MB=20 SAMPLE_MB=1 bench/audit.sh
set -euo pipefail
cd "$(dirname "$0")/.."

MB=${MB:-100}
SAMPLE_MB=${SAMPLE_MB:-2}
WORK=${DESKCOACH_BENCH_DIR:-/tmp/deskcoach-bench}
mkdir -p "$WORK"
CORPUS="$WORK/notes-${MB}mb.csv"
SAMPLE="$WORK/notes-sample-${SAMPLE_MB}mb.txt"

echo "building (cargo build --release)..."
cargo build --release --quiet
BIN=target/release/deskcoach

if [ ! -s "$CORPUS" ]; then
  echo "writing a ${MB} MB corpus to $CORPUS..."
  python3 - "$CORPUS" "$MB" <<'PY'
import random, sys
path, mb = sys.argv[1], int(sys.argv[2])
random.seed(7)
good = [
    "User could not reach websites. Laptop was manually configured with incorrect IP address 192.168.1.{n}. Reconfigured to use DHCP. Verified problem was resolved.",
    "Printer PRN-{n:02d} showed \"Offline\". The queue was stuck with a 300-page job. Cleared the queue and restarted the spooler. Verified a test page printed.",
    "Outlook kept asking for a password after the change on INC-{n:04d}. Removed the cached credentials and signed in again. User confirmed mail syncs on laptop and phone.",
    "VPN connected but internal hosts did not resolve; DNS suffix list was missing corp.local after update KB50{n:02d}. Restored the suffix. Verified git.corp.local resolves.",
]
vague = ["System broke... fixed it.", "Printer issue. Done.", "User called, sorted it out, all good.", "Reset password. Done", "Fixed the problem."]
with open(path, "w") as f:
    f.write("number,assigned_to,close_notes\n")
    i = 0
    while f.tell() < mb * 1_000_000:
        text = random.choice(good if random.random() < 0.7 else vague).format(n=random.randint(1, 99))
        f.write('INC%07d,agent%02d,"%s"\n' % (i, i % 40, text.replace('"', '""')))
        i += 1
PY
fi
if [ ! -s "$SAMPLE" ]; then
  python3 - "$CORPUS" "$SAMPLE" "$SAMPLE_MB" <<'PY'
import csv, sys
src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src) as f, open(dst, "w") as out:
    for row in csv.DictReader(f):
        out.write(row["close_notes"] + "\n\n")
        if out.tell() >= mb * 1_000_000:
            break
PY
fi

bytes_of() { stat -c %s "$1"; }
notes_in_corpus=$(($(wc -l < "$CORPUS") - 1))
notes_in_sample=$(grep -c . "$SAMPLE")

# Runs a command, prints "seconds peak_kb".
measure() {
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > /dev/null 2> "$WORK/err.txt" || true
  tail -n 1 "$WORK/time.txt"
}

echo "timing deskcoach..."
read -r one_s one_kb < <(measure "$BIN" audit notes "$CORPUS" --jobs 1 --format jsonl -o /dev/null)
cores=$(nproc)
read -r all_s all_kb < <(measure "$BIN" audit notes "$CORPUS" --format jsonl -o /dev/null)


PEERS="$WORK/peers"
mkdir -p "$PEERS"
if [ ! -x "$PEERS/py/bin/proselint" ] && [ ! -f "$PEERS/py/proselint/__init__.py" ]; then
  echo "installing proselint into $PEERS/py..."
  python3 -m pip install --quiet --target "$PEERS/py" proselint
fi
if [ ! -x "$PEERS/node_modules/.bin/write-good" ]; then
  echo "installing write-good into $PEERS..."
  (cd "$PEERS" && npm install --silent --no-audit --no-fund write-good > /dev/null)
fi
echo "timing proselint and write-good on the ${SAMPLE_MB} MB sample..."
read -r prose_s prose_kb < <(measure env PYTHONPATH="$PEERS/py" python3 -m proselint check "$SAMPLE")
read -r wg_s wg_kb < <(measure "$PEERS/node_modules/.bin/write-good" "$SAMPLE")

python3 - "$(bytes_of "$CORPUS")" "$notes_in_corpus" "$(bytes_of "$SAMPLE")" "$notes_in_sample" \
  "$one_s" "$one_kb" "$all_s" "$all_kb" "$cores" "$prose_s" "$prose_kb" "$wg_s" "$wg_kb" <<'PY'
import sys
(corpus_b, corpus_n, sample_b, sample_n, one_s, one_kb, all_s, all_kb, cores,
 prose_s, prose_kb, wg_s, wg_kb) = sys.argv[1:]
corpus_b, corpus_n, sample_b, sample_n, cores = map(int, (corpus_b, corpus_n, sample_b, sample_n, cores))
one_s, all_s, prose_s, wg_s = map(lambda x: max(float(x), 1e-3), (one_s, all_s, prose_s, wg_s))
rows = [
    ("deskcoach, 1 thread", corpus_b, corpus_n, one_s, one_kb),
    (f"deskcoach, {cores} threads", corpus_b, corpus_n, all_s, all_kb),
    ("proselint", sample_b, sample_n, prose_s, prose_kb),
    ("write-good", sample_b, sample_n, wg_s, wg_kb),
]
print(f"\n{'tool':24} {'MB':>8} {'seconds':>9} {'MB/s':>8} {'notes/s':>10} {'peak MB':>8}")
rate = {}
for name, b, n, s, kb in rows:
    rate[name] = b / 1e6 / s
    print(f"{name:24} {b/1e6:8.1f} {s:9.2f} {b/1e6/s:8.2f} {n/s:10.0f} {int(kb)/1024:8.1f}")
one = rate["deskcoach, 1 thread"]
print(f"\ngoal: 50 MB/s per core -> {'PASS' if one >= 50 else 'FAIL'} ({one:.2f} MB/s on one thread)")
for peer in ("proselint", "write-good"):
    ratio = one / rate[peer]
    print(f"deskcoach (1 thread) vs {peer}: {ratio:.1f}x  (goal 20x: {'PASS' if ratio >= 20 else 'FAIL'})")
PY
