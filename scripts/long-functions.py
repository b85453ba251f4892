#!/usr/bin/env python3
"""Lists the functions of src/ longer than 80 lines and fails on any that
is not marked as a flat table.

A function is counted from its `fn` line to its closing brace. Tests
(`#[cfg(test)]` modules) are left out. A function that is one flat table
(a match of constants, a list of entries) may be longer when a comment
saying `flat table` stands directly above it (or above its attributes and
doc comment).

    python3 scripts/long-functions.py [LIMIT]
"""
import os
import re
import sys

LIMIT = int(sys.argv[1]) if len(sys.argv) > 1 else 80
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")


def code_only(line, state):
    """The line with strings, chars and comments blanked; `state` carries
    a block comment or raw string across lines."""
    out, i = [], 0
    while i < len(line):
        if state["block"]:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out)
            state["block"], i = False, end + 2
            continue
        if state["raw"]:
            end = line.find('"' + "#" * state["raw_hashes"], i)
            if end < 0:
                return "".join(out)
            i = end + 1 + state["raw_hashes"]
            state["raw"] = False
            continue
        if state["string"]:
            if line[i] == "\\":
                i += 2
                continue
            if line[i] == '"':
                state["string"] = False
            i += 1
            continue
        c = line[i]
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            state["block"], i = True, i + 2
            continue
        m = re.match(r'b?r(#*)"', line[i:])
        if m and (i == 0 or not (line[i - 1].isalnum() or line[i - 1] == "_")):
            state["raw"], state["raw_hashes"] = True, len(m.group(1))
            i += m.end()
            continue
        if c == '"':
            state["string"], i = True, i + 1
            continue
        m = re.match(r"'(\\.|[^\\'])'", line[i:]) or re.match(r"'\\u\{[0-9a-fA-F]+\}'", line[i:])
        if m:
            i += m.end()
            continue
        out.append(c)
        i += 1
    return "".join(out)


def has_body(rest, following):
    """Whether the signature that starts on this line ends in `{` (a body)
    rather than `;` (a trait method's declaration)."""
    for text in [rest] + following:
        text = text.split("//")[0]
        brace, semi = text.find("{"), text.find(";")
        if brace >= 0 and (semi < 0 or brace < semi):
            return True
        if semi >= 0:
            return False
    return False


def functions(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    state = {"block": False, "raw": False, "raw_hashes": 0, "string": False}
    depth, test_depth, stack = 0, None, []
    for n, line in enumerate(lines):
        code = code_only(line, state)
        if test_depth is None and re.match(r"\s*#\[cfg\(test\)\]", line):
            test_depth = "next"
        m = re.search(r"\bfn\s+(\w+)", code)
        if m and test_depth is None and has_body(code[m.end():], lines[n + 1 : n + 12]):
            stack.append((m.group(1), n, depth))
        for c in code:
            if c == "{":
                if test_depth == "next":
                    test_depth = depth
                depth += 1
            elif c == "}":
                depth -= 1
                if test_depth not in (None, "next") and depth == test_depth:
                    test_depth = None
                while stack and stack[-1][2] == depth and c == "}":
                    name, start, _ = stack.pop()
                    yield name, start, n, lines
                    break
        if test_depth == "next" and re.match(r"\s*(pub\s+)?fn\s", line):
            test_depth = None


def marked(lines, start):
    i = start - 1
    while i >= 0 and re.match(r"\s*(#\[|///|//)", lines[i]):
        if "flat table" in lines[i].lower():
            return True
        i -= 1
    return False


failures = []
for dirpath, _, files in sorted(os.walk(ROOT)):
    for f in sorted(files):
        if not f.endswith(".rs"):
            continue
        path = os.path.join(dirpath, f)
        for name, start, end, lines in functions(path):
            length = end - start + 1
            if length > LIMIT:
                rel = os.path.relpath(path, os.path.join(ROOT, ".."))
                table = marked(lines, start)
                print(f"{rel}:{start + 1}: fn {name}: {length} lines{' (flat table)' if table else ''}")
                if not table:
                    failures.append(name)
if failures:
    print(f"{len(failures)} function(s) over {LIMIT} lines that are not flat tables")
    sys.exit(1)
print(f"no function over {LIMIT} lines but flat tables")
