#!/usr/bin/env python3
"""Caps fuzz/corpus/<target>/ at N files (default 300) after `cargo fuzz cmin`.

`cmin` keeps every input that adds a feature, which after a long run is
thousands of files. This runs libFuzzer's merge once more with a control
file, then keeps the N inputs that cover the most edges (greedy set cover,
smaller input first on a tie) and prints how much of the coverage they keep.

Usage (from anywhere, after `cargo +nightly fuzz build`):
    python3 fuzz/trim_corpus.py loader [300]
"""

import pathlib
import shutil
import subprocess
import sys
import tempfile

FUZZ = pathlib.Path(__file__).resolve().parent
BINARIES = FUZZ / "target" / "x86_64-unknown-linux-gnu" / "release"


def merge_control(target: str, corpus: pathlib.Path, work: pathlib.Path) -> pathlib.Path:
    control = work / "control"
    out = work / "out"
    out.mkdir()
    subprocess.run(
        [
            "nice", "-n", "10", str(BINARIES / target),
            "-merge=1", "-rss_limit_mb=2048", "-timeout=5",
            f"-merge_control_file={control}", str(out), str(corpus),
        ],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return control


def select(control: pathlib.Path, limit: int):
    lines = control.read_text().split("\n")
    count = int(lines[0])
    paths = lines[2 : 2 + count]
    cov, size = {}, {}
    for line in lines[2 + count :]:
        parts = line.split()
        if parts and parts[0] == "STARTED":
            size[int(parts[1])] = int(parts[2])
        elif parts and parts[0] == "COV":
            cov[int(parts[1])] = set(parts[2:])
    every = set().union(*cov.values()) if cov else set()
    covered, chosen = set(), []
    while cov and len(chosen) < limit:
        best = max(cov, key=lambda i: (len(cov[i] - covered), -size.get(i, 0)))
        if not cov[best] - covered:
            break
        chosen.append(best)
        covered |= cov.pop(best)
    return [pathlib.Path(paths[i]) for i in chosen], len(covered), len(every)


def main() -> None:
    target = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    corpus = FUZZ / "corpus" / target
    before = len(list(corpus.iterdir()))
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        chosen, kept, every = select(merge_control(target, corpus, work), limit)
        keep = work / "keep"
        keep.mkdir()
        for path in chosen:
            shutil.copy(path, keep / path.name)
        shutil.rmtree(corpus)
        shutil.copytree(keep, corpus)
    total = sum(p.stat().st_size for p in corpus.iterdir())
    share = 100 * kept / every if every else 100
    print(f"{target}: {before} -> {len(chosen)} files, {total} bytes, edges {kept}/{every} ({share:.1f}%)")


if __name__ == "__main__":
    main()
