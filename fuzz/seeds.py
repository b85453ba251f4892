#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/seeds/<target>/.

Seeds are real content files (content/, tests/fixtures/base/, the yaml-*
cases) and hand-written hostile snippets. They are the starting point of a
fresh run; fuzz/corpus/<target>/ holds the minimised corpus of past runs.
Run from anywhere: python3 fuzz/seeds.py
"""

import pathlib

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent

# The `validate` target picks the file to replace by the first byte; keep in
# step with VALIDATE_FILES in fuzz/src/lib.rs.
VALIDATE_FILES = [
    "programme.yaml",
    "organizations/alpha.yaml",
    "experts/e1.yaml",
    "cycles/2024/cycle.yaml",
    "cycles/2024/applications/alpha.yaml",
    "notices/2024-call.md",
    "notices/2024-publicity.md",
    "organizations/zz-fuzz.yaml",
    "cycles/2024/applications/zz-fuzz.yaml",
    "notices/zz-fuzz.md",
]

HOSTILE_YAML = {
    "deep-flow-seq-64": "[" * 64 + "]" * 64,
    "deep-flow-map-64": "{a: " * 64 + "1" + "}" * 64,
    "deep-flow-unclosed-200": "a: " + "[" * 200,
    "deep-block-seq-64": "".join("  " * i + "-\n" for i in range(64)),
    "deep-block-map-64": "".join("  " * i + f"k{i}:\n" for i in range(64)) + "  " * 64 + "v\n",
    "anchors-aliases": "a: &a [1, 2, {b: &b x}]\nc: *a\nd: [*a, *b, *a]\ne: &e {f: *a}\ng: *e\n",
    "billion-laughs": "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{n}: &{n} [{', '.join('*' + p for _ in range(9))}]\n"
        for p, n in zip("abcdefgh", "bcdefghi")
    ),
    "undefined-alias": "a: *nope\n",
    "alias-as-key": "a: &k x\n*k : 1\n",
    "merge-key": "base: &b {x: 1}\nchild:\n  <<: *b\n  y: 2\n",
    "tags": "a: !x 1\nb: !!binary aGVsbG8=\nc: !<tag:yaml.org,2002:str> 3\nd: !!set {x, y}\n",
    "non-string-keys": "2023: a\ntrue: b\n~: c\n? [a, b]\n: d\n? {x: 1}\n: e\n1.5: f\n",
    "non-finite": "a: .nan\nb: -.inf\nc: .Inf\nd: 1e999\ne: 0x7fffffffffffffffff\nf: -0\n",
    "multi-document": "a: 1\n---\nb: 2\n...\n---\nc: 3\n",
    "duplicate-key": "name: x\nlist: [1]\nname: y\n",
    "duplicate-key-quoted-wide": '"名称": 一\n\'名称\': 二\n',
    "bom-crlf": "\ufeffa: 1\r\nb:\r\n  - c\r\n",
    "cr-only": "a: 1\rb: 2\r",
    "tabs": "a:\n\t- b\n",
    "nul-and-controls": "a: \"\\0\\x07\"\nb: \x01\n",
    "block-scalars": "a: |+\n  x\n\n  y\nb: >-\n  folded\n  text\nc: |2\n   indented\n",
    "multiline-plain-and-quoted": "a: one\n  two\n  three\nb: \"x\n  y\"\nc: 'p\n\n  q'\n",
    "complex-key-multiline": "? |\n  long\n  key\n: value\n",
    "empty": "",
    "only-comment": "# nothing\n",
    "only-doc-markers": "---\n...\n",
    "wide-and-combining": "名称: 温州👨‍👩‍👧e\u0301\u200b\nlist:\n  - 一: 二\n",
    "pointer-escapes": "a/b: 1\nc~d: 2\n\"\": 3\n\"~1\": 4\n",
    "directives": "%YAML 1.2\n%TAG ! tag:x,2024:\n---\na: !b c\n",
    "flow-in-block-edge": "a: [b, c\nd: e\n",
    "syntax-error-line-end": "a: 'unterminated\n",
    "syntax-error-column": "a:\n  b: c\n d: e\n",
    "huge-line": "a: " + "x" * 4000 + "\n",
    "many-keys": "".join(f"k{i}: {i}\n" for i in range(300)),
}

HOSTILE_NOTICES = {
    "notice-no-close": "---\ntitle: x\n",
    "notice-empty-front": "---\n---\nbody\n",
    "notice-crlf": "---\r\ntitle: x\r\n---\r\n# 正文\r\n",
    "notice-front-error": "---\ntitle: [x\n---\n<script>alert(1)</script>\n",
    "notice-front-tag": "---\ntitle: !x y\ndate: .nan\n---\n# h\n",
    "notice-three-dashes": "---\na: 1\n--- \n---\nb: 2\n",
}

HOSTILE_MARKDOWN = {
    "script": "<script>alert(1)</script>\n\n<SCRIPT SRC=//x.js></SCRIPT>\n",
    "script-split": "<scr<script>ipt>alert(1)</script>\n",
    "event-handlers": '<img src=x onerror=alert(1)>\n<div onclick="x()" onmouseover=y>z</div>\n<svg onload=alert(1)>\n',
    "javascript-links": "[a](javascript:alert(1))\n[b](JaVaScRiPt:alert(1))\n[c]( java\tscript:x )\n"
    "[d](&#x6A;avascript:alert(1))\n<javascript:alert(1)>\n[e]: javascript:alert(1)\n\n[e]\n",
    "javascript-raw-html": '<a href="javascript:alert(1)">x</a>\n<a href=" &#14;javascript:alert(1)">y</a>\n'
    '<a href="jav&#x09;ascript:alert(1)">z</a>\n<img src="vbscript:msgbox(1)">\n',
    "iframe-object-embed": '<iframe src="https://x"></iframe>\n<object data=x></object>\n<embed src=x>\n<IFRAME/SRC=x>\n',
    "style-and-meta": "<style>body{}</style><meta http-equiv=refresh content=0><link rel=import href=x><base href=//x>\n",
    "form": '<form action="javascript:alert(1)"><button formaction="javascript:1">x</button></form>\n',
    "math-svg-mxss": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>\n"
    "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>\n",
    "noscript-mxss": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">\n',
    "title-with-markup": '<a title="<th><img src=x onerror=alert(1)>">x</a>\n\n'
    '[y](https://example.org "<table><script>alert(1)</script>")\n',
    "code-with-markup": "`<script>alert(1)</script>`\n\n```html\n<iframe src=x></iframe>\n```\n\n    <img onerror=1>\n",
    "escaped-text": "&lt;script&gt;alert(1)&lt;/script&gt; and \\<script\\> and javascript:alert(1) onclick=1\n",
    "comments-cdata": "<!-- <script>alert(1)</script> -->\n<![CDATA[<script>alert(1)</script>]]>\n<?php x ?>\n",
    "tables-footnotes-headings": "# 一\n\n###### 六\n\n| a | b |\n|---|:-:|\n| <th> | [x][^1] |\n\n[^1]: 注 <script>x</script>\n\n~~del~~\n",
    "deep-lists-quotes": "".join("  " * i + "- x\n" for i in range(40)) + ">" * 60 + " q\n",
    "deep-brackets": "[" * 500 + "x" + "](y)" * 10 + "\n",
    "deep-emphasis": "*" * 300 + "a" + "_" * 300 + "\n",
    "images": '![x](javascript:alert(1) "t")\n![y](data:text/html;base64,PHNjcmlwdD4= "<th>")\n',
    "html-blocks": "<div>\n\n*md inside*\n\n</div>\n<table><tr><td onclick=x>1</td></tr></table>\n<details open ontoggle=alert(1)>\n",
    "entities": "&#60;script&#62; &amp;lt; &#x3C;iframe&#x3E; &nbsp; &#0; &#xD800;\n",
}


def write(target: str, name: str, data: bytes) -> None:
    out = FUZZ / "seeds" / target
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)


def real_files():
    """(relative name, kind index hint, bytes) of real content files."""
    picked = [
        "content/programme.yaml",
        "content/organizations/cangnan-printing.yaml",
        "content/experts/li-moumin.yaml",
        "content/cycles/2024/cycle.yaml",
        "content/cycles/2024/applications/ruian-bearing.yaml",
        "content/notices/2024-call.md",
        "content/notices/2024-publicity.md",
        "content/notices/revocation-longwan-stainless.md",
    ]
    picked += sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests/fixtures/base").rglob("*") if p.is_file())
    picked += sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests/cases").glob("yaml-*/tree/**/*")
        if p.is_file()
    )
    for rel in picked:
        yield rel, (ROOT / rel).read_bytes()


def slot_for(rel: str) -> int:
    """The VALIDATE_FILES index a real file belongs in."""
    for suffix, index in [
        ("programme.yaml", 0),
        ("cycle.yaml", 3),
        (".md", 5),
    ]:
        if rel.endswith(suffix):
            return index
    if "/organizations/" in rel:
        return 1
    if "/experts/" in rel:
        return 2
    if "/applications/" in rel:
        return 4
    return 7


def safe(rel: str) -> str:
    return rel.replace("/", "__")


def main() -> None:
    for rel, data in real_files():
        name = safe(rel)
        write("loader", name, data)
        write("span_index", name, b"\x00" + data)
        write("validate", name, bytes([slot_for(rel)]) + data)
        if rel.endswith(".md"):
            body = data.split(b"\n---\n", 1)[-1]
            write("markdown", name, body)
    for name, text in HOSTILE_YAML.items():
        data = text.encode()
        write("loader", f"hostile-{name}.yaml", data)
        write("span_index", f"hostile-{name}.yaml", b"\x01" + data)
        write("validate", f"hostile-{name}.yaml", b"\x01" + data)
    for name, text in HOSTILE_NOTICES.items():
        data = text.encode()
        write("loader", f"hostile-{name}.md", data)
        write("validate", f"hostile-{name}.md", b"\x05" + data)
    for name, text in HOSTILE_MARKDOWN.items():
        data = text.encode()
        write("markdown", f"hostile-{name}.md", data)
        front = b"---\ntitle: x\n---\n"
        write("loader", f"hostile-md-{name}.md", front + data)
    # Invalid UTF-8 (the loader refuses it; the in-memory targets parse the
    # valid prefix).
    for target, prefix in [("loader", b""), ("span_index", b"\x00"), ("validate", b"\x01"), ("markdown", b"")]:
        write(target, "hostile-invalid-utf8", prefix + b"a: \xe6\xb8\xa9\xff\xfeb\n")
    for target in sorted((FUZZ / "seeds").iterdir()):
        print(target.name, len(list(target.iterdir())))


if __name__ == "__main__":
    main()
