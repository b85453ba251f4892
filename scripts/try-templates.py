#!/usr/bin/env python3
"""Runs the shell of every job of the CI templates locally, as the runners
would, on a scratch content repository: this project's content/ on `main`
and a pull request that records the 2025 decision (with `--typo`, also an
unknown key), merged with --no-ff as GitHub's merge ref is.

    cargo build && python3 scripts/try-templates.py [--typo]

The `cargo install` steps are skipped: a link to target/debug/qaward stands
in for the cached binary. Needs PyYAML. Prints each step's exit code, the
GitHub step summary and the files the GitLab jobs leave.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QAWARD = os.path.join(TOP, 'target', 'debug', 'qaward')
GIT = 'git -c user.name=ci -c user.email=ci@example.org'


def sh(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, shell=True, check=True, executable='/bin/bash')


def make_repo(sim, typo):
    repo = os.path.join(sim, 'repo')
    shutil.copytree(os.path.join(TOP, 'content'), os.path.join(repo, 'content'))
    sh(f'git init -q -b main && git add -A && {GIT} commit -q -m base', repo)
    base = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=repo, capture_output=True, text=True).stdout.strip()
    sh('git checkout -q -b pr', repo)
    path = os.path.join(repo, 'content/cycles/2025/cycle.yaml')
    text = open(path, encoding='utf-8').read()
    text = text.replace('      # 调查核实中，尚未形成调查报告',
                        '      report: 经调查，泄漏系用户安装不当所致。\n      concluded: 2026-12-03\n      outcome: dismissed')
    text += ('\ndecision:\n  date: 2026-12-08\n  document: 温政发〔2026〕30号\n'
             '  title: 温州市人民政府关于公布2025年度温州市市长质量奖获奖企业（组织）名单的通知\n'
             '  winners:\n    quality: [zhenan-data, lucheng-leather, yongjia-pump, yueqing-connector]\n'
             '    innovation: [zhenan-semiconductor, oujiangkou-robotics, wencheng-agri]\n')
    if typo:
        text = text.replace('  deadline: 2026-06-12\n', '  deadline: 2026-06-12\n  dedline: 2026-06-12\n', 1)
    open(path, 'w', encoding='utf-8').write(text)
    sh(f'{GIT} commit -qam "2025 decision" && git checkout -q main && {GIT} merge -q --no-ff pr -m merge', repo)
    return repo, base


def run(script, cwd, env, label):
    r = subprocess.run(['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', script],
                       cwd=cwd, env=env, text=True, capture_output=True)
    print(f'  {label}: exit {r.returncode}')
    for line in (r.stdout + r.stderr).strip().splitlines()[:3]:
        print(f'    | {line}')


def github(name, sim, repo, base):
    workflow = yaml.safe_load(open(os.path.join(TOP, 'templates/github', name), encoding='utf-8'))
    home, temp = os.path.join(sim, 'home'), os.path.join(sim, 'runner')
    os.makedirs(os.path.join(home, '.qaward/bin'), exist_ok=True)
    os.makedirs(temp, exist_ok=True)
    link = os.path.join(home, '.qaward/bin/qaward')
    if not os.path.exists(link):
        os.symlink(QAWARD, link)
    path_file, summary = os.path.join(sim, 'github_path'), os.path.join(sim, f'summary-{name}.md')
    open(path_file, 'w').close()
    open(summary, 'w').close()
    env = dict(os.environ, HOME=home, RUNNER_TEMP=temp, GITHUB_PATH=path_file, GITHUB_STEP_SUMMARY=summary,
               GITHUB_ACTIONS='true', NO_COLOR='1', PATH='/usr/bin:/bin', **workflow['env'])
    expressions = {'${{ github.event.pull_request.base.sha }}': base,
                   '${{ steps.pages.outputs.base_url }}': 'https://example-office.github.io/awards'}
    print(f'GitHub {name}')
    for job in workflow['jobs'].values():
        for step in job['steps']:
            if 'run' not in step:
                continue
            if 'cargo install' in step['run']:
                print(f'  {step["name"]}: skipped (cache hit)')
                continue
            step_env = dict(env, **{k: expressions.get(v, v) for k, v in (step.get('env') or {}).items()})
            run(step['run'], repo, step_env, step['name'])
            added = [line for line in open(path_file).read().splitlines() if line]
            env['PATH'] = ':'.join(added + ['/usr/bin:/bin'])
    text = open(summary, encoding='utf-8').read()
    if text:
        print('  step summary:\n' + '\n'.join('    ' + line for line in text.splitlines()[:12]))


def gitlab(repo, base):
    ci = yaml.safe_load(open(os.path.join(TOP, 'templates/gitlab/.gitlab-ci.yml'), encoding='utf-8'))
    os.makedirs(os.path.join(repo, '.qaward/bin'), exist_ok=True)
    link = os.path.join(repo, '.qaward/bin/qaward')
    if not os.path.exists(link):
        os.symlink(QAWARD, link)
    print('GitLab .gitlab-ci.yml')
    for name in ['validate', 'diff', 'pages']:
        job = ci[name]
        lines = ci[job['extends']]['before_script'] + job['script']
        env = dict(os.environ, CI_PROJECT_DIR=repo, CI_MERGE_REQUEST_DIFF_BASE_SHA=base, NO_COLOR='1',
                   CI_PAGES_URL='https://example-office.gitlab.io/awards', PATH='/usr/bin:/bin', **ci['variables'])
        run('\n'.join(lines), repo, env, f'job {name}')
    for name in ['gl-code-quality-report.json', 'qaward-junit.xml', 'qaward-diff.md', 'public']:
        print(f'  {name}: {"present" if os.path.exists(os.path.join(repo, name)) else "missing"}')


def main():
    if not os.path.exists(QAWARD):
        sys.exit('build qaward first: cargo build')
    typo = '--typo' in sys.argv
    with tempfile.TemporaryDirectory() as sim:
        repo, base = make_repo(sim, typo)
        github('validate.yml', sim, repo, base)
        github('publish.yml', sim, repo, base)
        shutil.rmtree(os.path.join(repo, 'public'), ignore_errors=True)
        gitlab(repo, base)


if __name__ == '__main__':
    main()
