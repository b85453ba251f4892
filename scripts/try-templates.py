#!/usr/bin/env python3
"""Runs the shell of every job of the CI templates locally, as the runners
would, on a scratch content repository: this project's content/ on `main`
and a pull request that records the 2025 decision (with `--typo`, also an
unknown key), merged with --no-ff as GitHub's merge ref is.

    cargo build && python3 scripts/try-templates.py [--typo] [--binary PATH]

qaward is installed by the templates' own download step, from a fake
release folder served on 127.0.0.1 (an archive holding target/debug/qaward,
or `--binary PATH`, and its SHA256SUMS). Each job is run in these cases,
and the script exits 1 when one of them does not turn out as it must:

- the repository is private: the jobs download qaward, check it against
  SHA256SUMS, install it and run; a second run finds it cached and
  downloads nothing;
- SHA256SUMS gives another checksum: the download step refuses, installs
  nothing, and no later step runs;
- SHA256SUMS has no archive for this platform: refused the same way;
- the repository is public (`github.event.repository.private` false,
  `CI_PROJECT_VISIBILITY` public): the first step refuses and nothing
  else runs, not even the download.

Needs PyYAML. Prints each step's exit code, the GitHub step summary and
the files the GitLab jobs leave.
"""
import functools
import hashlib
import http.server
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading

import yaml

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GIT = 'git -c user.name=ci -c user.email=ci@example.org'
FAILED = []


def check(ok, what):
    print(f'  {"ok" if ok else "FAILED"}: {what}')
    if not ok:
        FAILED.append(what)


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


# ---------------------------------------------------------------- the release

def target_triple():
    arch = {'x86_64': 'x86_64', 'amd64': 'x86_64', 'aarch64': 'aarch64', 'arm64': 'aarch64'}[platform.machine().lower()]
    return f'{arch}-unknown-linux-gnu'


class Release:
    """A release folder `v<version>/` with one archive and SHA256SUMS,
    served on 127.0.0.1; counts the requests."""

    def __init__(self, sim, binary, version):
        self.root = os.path.join(sim, 'releases')
        self.folder = os.path.join(self.root, f'v{version}')
        os.makedirs(self.folder)
        name = f'qaward-{version}-{target_triple()}'
        self.archive = f'{name}.tar.gz'
        with tarfile.open(os.path.join(self.folder, self.archive), 'w:gz') as tar:
            tar.add(binary, arcname=f'{name}/qaward')
            tar.add(os.path.join(TOP, 'README.md'), arcname=f'{name}/README.md')
        data = open(os.path.join(self.folder, self.archive), 'rb').read()
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.binary = open(binary, 'rb').read()
        self.requests = []
        handler = functools.partial(self._handler(), directory=self.root)
        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f'http://127.0.0.1:{self.server.server_address[1]}'

    def _handler(self):
        release = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                release.requests.append(self.path)
        return Handler

    def sums(self, kind):
        """Writes SHA256SUMS: `good`, `bad` (another checksum) or `missing`
        (other platforms only)."""
        lines = [f'{"0" * 64}  qaward-0.0.0-x86_64-pc-windows-msvc.zip']
        if kind == 'good':
            lines.append(f'{self.sha256}  {self.archive}')
        elif kind == 'bad':
            lines.append(f'{hashlib.sha256(b"another archive").hexdigest()}  {self.archive}')
        open(os.path.join(self.folder, 'SHA256SUMS'), 'w').write('\n'.join(lines) + '\n')
        self.requests.clear()


# ---------------------------------------------------------------- the runners

def run(script, cwd, env, label):
    r = subprocess.run(['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', script],
                       cwd=cwd, env=env, text=True, capture_output=True)
    print(f'  {label}: exit {r.returncode}')
    for line in (r.stdout + r.stderr).strip().splitlines()[:3]:
        print(f'    | {line}')
    return r


def expression(text, private, base):
    """The value of a `${{ … }}` expression the templates use in `env`."""
    values = {'${{ github.event.repository.private }}': 'true' if private else 'false',
              '${{ github.event.pull_request.base.sha }}': base,
              '${{ steps.pages.outputs.base_url }}': 'https://example-office.github.io/awards'}
    return values.get(text, text)


def runs(step, failed, cache_hit, outcomes):
    """Whether the runner runs `step`, given its `if` (the templates use
    two) and the outcomes of the steps with an id: without an `if`, only
    while no earlier step failed."""
    condition = step.get('if')
    if condition == "${{ !cancelled() && steps.qaward-path.outcome == 'success' }}":
        return outcomes.get('qaward-path') == 'success'
    if condition == "steps.qaward-cache.outputs.cache-hit != 'true'":
        return not failed and not cache_hit
    if condition is not None:
        sys.exit(f'try-templates: unknown condition `{condition}` in step {step["name"]}')
    return not failed


def github(name, sim, repo, base, release, private=True):
    """Runs the `run` steps of a GitHub workflow's jobs in order, stopping
    a job at its first failure as the runner does (except for steps that
    run `if: !cancelled()`). Returns the steps' results by name."""
    workflow = yaml.safe_load(open(os.path.join(TOP, 'templates/github', name), encoding='utf-8'))
    home, temp = os.path.join(sim, 'home'), os.path.join(sim, 'runner')
    os.makedirs(home, exist_ok=True)
    os.makedirs(temp, exist_ok=True)
    path_file, summary = os.path.join(sim, 'github_path'), os.path.join(sim, f'summary-{name}.md')
    open(path_file, 'w').close()
    open(summary, 'w').close()
    env = dict(os.environ, HOME=home, RUNNER_TEMP=temp, GITHUB_PATH=path_file, GITHUB_STEP_SUMMARY=summary,
               GITHUB_ACTIONS='true', NO_COLOR='1', PATH='/usr/bin:/bin', **workflow['env'])
    env['QAWARD_DOWNLOAD'] = release.url
    print(f'GitHub {name} ({"private" if private else "public"} repository)')
    results = {}
    for job in workflow['jobs'].values():
        cache_hit = os.path.exists(os.path.join(home, '.qaward/bin/qaward'))
        failed = False
        outcomes = {}
        for step in job.get('steps', []):
            if 'run' not in step:
                continue
            if not runs(step, failed, cache_hit, outcomes):
                continue
            step_env = dict(env, **{k: expression(v, private, base)
                                    for k, v in (step.get('env') or {}).items()})
            results[step['name']] = r = run(step['run'], repo, step_env, step['name'])
            failed = failed or r.returncode != 0
            if 'id' in step:
                outcomes[step['id']] = 'success' if r.returncode == 0 else 'failure'
            added = [line for line in open(path_file).read().splitlines() if line]
            env['PATH'] = ':'.join(added + ['/usr/bin:/bin'])
    text = open(summary, encoding='utf-8').read()
    if text:
        print('  step summary:\n' + '\n'.join('    ' + line for line in text.splitlines()[:12]))
    return results


def gitlab(repo, base, release, visibility='private'):
    """Runs the `validate`, `diff` and `pages` jobs (before_script, then
    script, stopping at the first failure). Returns each job's result."""
    ci = yaml.safe_load(open(os.path.join(TOP, 'templates/gitlab/.gitlab-ci.yml'), encoding='utf-8'))
    print(f'GitLab .gitlab-ci.yml (visibility {visibility})')
    outputs = ['gl-code-quality-report.json', 'qaward-junit.xml', 'qaward-diff.md', 'public']
    for name in outputs:
        shutil.rmtree(os.path.join(repo, name), ignore_errors=True)
        if os.path.isfile(os.path.join(repo, name)):
            os.remove(os.path.join(repo, name))
    results = {}
    for name in ['validate', 'diff', 'pages']:
        job = ci[name]
        lines = ci[job['extends']]['before_script'] + job['script']
        env = dict(os.environ, CI_PROJECT_DIR=repo, CI_MERGE_REQUEST_DIFF_BASE_SHA=base, NO_COLOR='1',
                   CI_PAGES_URL='https://example-office.gitlab.io/awards', CI_PROJECT_VISIBILITY=visibility,
                   PATH='/usr/bin:/bin')
        for key, value in ci['variables'].items():
            env[key] = re.sub(r'\$(\w+)', lambda m: env.get(m.group(1), ''), str(value))
        env['QAWARD_DOWNLOAD'] = release.url
        results[name] = run('\n'.join(lines), repo, env, f'job {name}')
    for name in outputs:
        print(f'  {name}: {"present" if os.path.exists(os.path.join(repo, name)) else "missing"}')
    return results


# ---------------------------------------------------------------- the cases

DOWNLOAD = '下载 qaward 发布包（核对 SHA256SUMS）'
PRIVATE = '确认内容仓库不公开（评审记录须保密）'


def installed(path, release):
    return os.path.exists(path) and open(path, 'rb').read() == release.binary


def private_runs(sim, repo, base, release, typo):
    release.sums('good')
    home_bin = os.path.join(sim, 'home/.qaward/bin/qaward')
    steps = github('validate.yml', sim, repo, base, release)
    check(steps[DOWNLOAD].returncode == 0 and installed(home_bin, release),
          'GitHub: the archive is downloaded, checked against SHA256SUMS and installed')
    folder = '/' + os.path.basename(release.folder)
    check(sorted(release.requests) == sorted([f'{folder}/SHA256SUMS', f'{folder}/{release.archive}']),
          f'GitHub: two downloads, SHA256SUMS and the archive ({release.requests})')
    validated = steps['校验（修改过的文件排在最前）'].returncode
    check(validated == (1 if typo else 0), f'GitHub: validate ran with the downloaded binary (exit {validated})')
    release.requests.clear()
    steps = github('publish.yml', sim, repo, base, release)
    check(DOWNLOAD not in steps and not release.requests, 'GitHub: a cached qaward is not downloaded again')
    shutil.rmtree(os.path.join(repo, 'public'), ignore_errors=True)
    jobs = gitlab(repo, base, release)
    check(installed(os.path.join(repo, '.qaward/bin/qaward'), release),
          'GitLab: the archive is downloaded, checked and installed in .qaward/bin')
    check(jobs['pages'].returncode == (1 if typo else 0) and jobs['diff'].returncode == (1 if typo else 0),
          'GitLab: the jobs ran with the downloaded binary')


def refused_downloads(sim, repo, base, release):
    for kind, said in [('bad', '不符'), ('missing', '没有')]:
        release.sums(kind)
        shutil.rmtree(os.path.join(sim, 'home/.qaward'), ignore_errors=True)
        shutil.rmtree(os.path.join(repo, '.qaward'), ignore_errors=True)
        print(f'-- SHA256SUMS {kind}')
        steps = github('validate.yml', sim, repo, base, release)
        r = steps[DOWNLOAD]
        check(r.returncode != 0 and said in r.stderr, f'GitHub: {kind} checksum refused ({said})')
        check(not os.path.exists(os.path.join(sim, 'home/.qaward/bin/qaward')), f'GitHub: {kind}: nothing installed')
        check('校验（修改过的文件排在最前）' not in steps, f'GitHub: {kind}: no later step ran')
        jobs = gitlab(repo, base, release)
        check(all(j.returncode != 0 and said in j.stderr for j in jobs.values()), f'GitLab: {kind} checksum refused')
        check(not os.path.exists(os.path.join(repo, '.qaward/bin/qaward')), f'GitLab: {kind}: nothing installed')


def public_refused(sim, repo, base, release):
    release.sums('good')
    shutil.rmtree(os.path.join(sim, 'home/.qaward'), ignore_errors=True)
    shutil.rmtree(os.path.join(repo, '.qaward'), ignore_errors=True)
    print('-- the repository made public')
    for name in ['validate.yml', 'publish.yml']:
        steps = github(name, sim, repo, base, release, private=False)
        check(list(steps) == [PRIVATE] and steps[PRIVATE].returncode != 0 and '公开' in steps[PRIVATE].stdout,
              f'GitHub {name}: refused at the first step, nothing else ran')
    jobs = gitlab(repo, base, release, visibility='public')
    check(all(j.returncode != 0 and '公开' in j.stderr for j in jobs.values()), 'GitLab: every job refused')
    check(not release.requests, 'nothing was downloaded for a public repository')


def main():
    typo = '--typo' in sys.argv
    binary = os.path.join(TOP, 'target', 'debug', 'qaward')
    if '--binary' in sys.argv:
        binary = os.path.abspath(sys.argv[sys.argv.index('--binary') + 1])
    if not os.path.exists(binary):
        sys.exit('build qaward first: cargo build')
    with tempfile.TemporaryDirectory() as sim:
        repo, base = make_repo(sim, typo)
        version = yaml.safe_load(open(os.path.join(TOP, 'templates/github/validate.yml'), encoding='utf-8'))['env']['QAWARD_VERSION']
        release = Release(sim, binary, version)
        private_runs(sim, repo, base, release, typo)
        refused_downloads(sim, repo, base, release)
        public_refused(sim, repo, base, release)
        release.server.shutdown()
    if FAILED:
        sys.exit(f'try-templates: {len(FAILED)} checks failed: ' + '; '.join(FAILED))
    print('try-templates: every check holds')


if __name__ == '__main__':
    main()
