#!/usr/bin/env bash
# The fuzzers' corpora and reproducers replayed in a release build, with
# the inputs that take over a second named (tests/it/fuzz_corpus.rs prints
# them). The target: no input over 1 s on the 2-core benchmark machine;
# `cargo test` itself only guards against a hang (60 s).
#
#   bench/fuzz-replay.sh
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
out=$(cargo test --release --locked --test it fuzz_corpus -- --nocapture 2>&1) || {
  printf '%s\n' "$out" >&2
  exit 1
}
slow=$(grep '^slow input:' <<<"$out" || true)
echo "fuzz corpus replayed in $((SECONDS - started)) s (build included)"
if [ -n "$slow" ]; then
  printf '%s\n' "$slow"
  exit 1
fi
echo "no input over 1 s"
