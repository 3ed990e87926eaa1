# Sourced by the audit benchmarks: the bench folder, the release binary, and corpora written by
# bench/corpus.py and kept between runs, named by size, seed and a hash of the generator (so a
# changed generator writes new ones).
#
# Environment: DESKCOACH_BENCH_DIR, where corpora (and the peers) are kept (default
# /tmp/deskcoach-bench).

WORK=${DESKCOACH_BENCH_DIR:-/tmp/deskcoach-bench}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SEED=7
GEN=$(sha256sum bench/corpus.py | cut -c1-8)

echo "building (cargo build --release)..."
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/deskcoach
BIN=$(cd "$(dirname "$BIN")" && pwd)/deskcoach

# The path of the corpus of SIZE MB.
corpus_path() { echo "$WORK/notes-${1}mb-seed${SEED}-${GEN}.csv"; }

# Writes the corpus of SIZE MB unless it is there; prints its path. Extra words are shown
# while writing ("about 90 s a GB").
ensure_corpus() {
  local size=$1 path
  path=$(corpus_path "$size")
  if [ ! -s "$path" ]; then
    echo "writing a ${size} MB corpus to $path${2:+ ($2)}..." >&2
    python3 bench/corpus.py "$path.tmp" "$size" --seed "$SEED"
    mv "$path.tmp" "$path"
  fi
  echo "$path"
}
