#!/usr/bin/env python3
# Regenerates docs/rules.md from src/catalogue.rs and the failing cases of
# tests/cases/ (run `cargo build` first). Usage: python3 scripts/gen-rules-md.py
import json, os, re, shutil, subprocess, tempfile
root=os.path.dirname(os.path.dirname(os.path.abspath(__file__))); exe=f'{root}/target/debug/qaward'
src=open(f'{root}/src/catalogue.rs').read()
rules=re.findall(r'^    \w+ = \("([^"]+)", (\w+), "([^"]*)", "([^"]*)", "([^"]*)"\);', src, re.M)
def run_case(case):
    t=tempfile.mkdtemp()
    shutil.copytree(f'{root}/tests/fixtures/base', t, dirs_exist_ok=True)
    if os.path.isdir(f'{case}/tree'): shutil.copytree(f'{case}/tree', t, dirs_exist_ok=True)
    if os.path.exists(f'{case}/remove'):
        for l in open(f'{case}/remove').read().split():
            os.remove(os.path.join(t,l))
    out={}
    for lang in ['zh','en']:
        p=subprocess.run([exe,'validate','--format','json','--root',t,'--lang',lang],capture_output=True,text=True)
        out[lang]=json.loads(p.stdout)
    shutil.rmtree(t); return out
cases=sorted(os.listdir(f'{root}/tests/cases'))
lines=["# Rules","",
"Every finding of `qaward validate` names one of these rules. The table is",
"generated from the rule catalogue (`src/catalogue.rs`, printed by `qaward",
"rules`) and the failing test cases under `tests/cases/`; a test",
"(`tests/it/docs.rs`) fails when it drifts from the catalogue.","",
"Every number a rule uses (caps, years, days, group sizes, levels, division",
"prefixes) is read from the regulation version in force on the cycle's call",
"date (`programme.yaml` `regulations[].rules`), never from code. Rules that",
"judge an applicant's eligibility (第二条 and 第十一条) judge the",
"decision recorded: a disqualifying fact with qualification `failed` is",
"correct, with `passed` it is an error, and before review it is a warning",
"that the application will not qualify.","",
"Severity `error` makes `validate` exit 1; `warning` does so only under",
"`--deny-warnings`. Columns count characters from 1.","",
"| id | severity | article | what it checks | example message (from the failing case) |",
"|---|---|---|---|---|"]
for rid, sev, art, zh, en in rules:
    slug=rid.replace('/','-')
    cands=[c for c in cases if c.startswith(slug) and c.endswith('-fail')]
    cands.sort(key=lambda c:(c!=slug+'-fail', c))
    ex=''
    for c in cands:
        out=run_case(f'{root}/tests/cases/{c}')
        ds=[(dz,de) for dz,de in zip(out['zh']['diagnostics'],out['en']['diagnostics']) if dz['rule']==rid]
        if ds:
            dz,de=ds[0]
            ex=f"{dz['message']}<br>*{de['message']}*<br>(`{c}`: {dz['file']}:{dz['line']}:{dz['column']})"
            break
    severity = 'error / warning' if rid=='art18/publicity-days' else sev.lower()
    what=f"{zh}<br>*{en}*"
    ex=ex.replace('|','\\|')
    lines.append(f"| `{rid}` | {severity} | {art or '—'} | {what} | {ex} |")
lines.append("")
open(f'{root}/docs/rules.md','w').write("\n".join(lines))
print(len(rules))
