#!/usr/bin/env bash
# Long single inputs stay linear: one call whose agent speaks 1 MB in one utterance, and one
# ticket note of 1 MB, each against the same input at a quarter of the size.
#
#   bench/long-inputs.sh
#
# For each it prints wall seconds, MB/s, the ratio of seconds per MB (large over quarter: close
# to 1 when the cost is linear, 4 when it is quadratic), and for the note the bytes of JSON
# written per byte of note (a note's findings quote a window of it, not the whole note each;
# a rule fires once per sentence, so a note vague in every sentence gets a finding, with its
# message and suggestion, for each). Goals: ratio under 1.5, and under 10 bytes of JSON per
# byte of note (a 38 KB note once made 78.5 MB, 2,000 bytes per byte).
# Needs python3 and /usr/bin/time.
set -euo pipefail
source "$(dirname "$0")/common.sh"

python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
# Plain help-desk prose with the usual vague words, so that rules fire all through it.
line = ("Sorry about that, let me check the router settings for you. Could you tell me when it "
        "started? It was fixed, sorted and all good after a reboot, just some issue with stuff. ")
for size in (250_000, 1_000_000):
    text = (line * (size // len(line) + 1))[:size]
    call = {"id": "C1", "agent": "sam",
            "turns": [{"role": "customer", "text": "It is down"}, {"role": "agent", "text": text}]}
    with open(f"{work}/long-call-{size}.jsonl", "w") as f:
        f.write(json.dumps(call) + "\n")
    with open(f"{work}/long-note-{size}.csv", "w") as f:
        f.write("id,agent,note\n1,sam,\"" + text + "\"\n")
PY

# Prints "wall_s out_bytes" for one run.
run() {
  /usr/bin/time -f "%e" -o "$WORK/time.txt" "$BIN" "$@" -o "$WORK/out.jsonl" > /dev/null 2>&1 || true
  echo "$(tail -n 1 "$WORK/time.txt") $(stat -c %s "$WORK/out.jsonl")"
}

python3 - \
  "$(run audit calls "$WORK/long-call-250000.jsonl" --format jsonl)" \
  "$(run audit calls "$WORK/long-call-1000000.jsonl" --format jsonl)" \
  "$(run audit notes "$WORK/long-note-250000.csv" --format jsonl)" \
  "$(run audit notes "$WORK/long-note-1000000.csv" --format jsonl)" <<'PY'
import sys
(cq, _), (cl, _), (nq, _), (nl, out) = [tuple(float(x) for x in a.split()) for a in sys.argv[1:]]
ok = True
def report(what, quarter, large):
    global ok
    ratio = (large / 1.0) / max(quarter / 0.25, 1e-9)
    print(f"{what}: 1 MB in {large:.2f} s ({1 / max(large, 1e-9):.2f} MB/s); "
          f"0.25 MB in {quarter:.2f} s; seconds per MB, large over quarter: {ratio:.2f}")
    ok &= ratio < 1.5
    return ratio
report("one 1 MB utterance (audit calls)", cq, cl)
report("one 1 MB note (audit notes)", nq, nl)
per_byte = out / 1_000_000
print(f"JSON written for the 1 MB note: {out / 1e6:.2f} MB ({per_byte:.2f} bytes per byte of note)")
ok &= per_byte < 10
print("goals:", "met" if ok else "NOT met")
sys.exit(0 if ok else 1)
PY
