#!/usr/bin/env bash
# Browser tests of a built qaward site.
#
#   bash tests/browser/run.sh SITE_DIR
#
# SITE_DIR is the output of `qaward build` (built for a base URL whose path
# is /zlj/; set SITE_BASE=/other/ for another sub-path). Uses Debian's
# Chromium and CJK fonts (installed here if missing) and the npm packages
# pinned in package-lock.json (playwright-core, axe-core); no browser is
# downloaded. Exits non-zero when any test fails.
set -euo pipefail

if [ "$#" -ne 1 ]; then
  echo "usage: bash tests/browser/run.sh SITE_DIR" >&2
  exit 2
fi
site=$(cd "$1" && pwd) || { echo "run.sh: no folder $1" >&2; exit 2; }
if [ ! -f "$site/index.html" ]; then
  echo "run.sh: $site has no index.html; build the site first (qaward build --out $site ...)" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian's Chromium and the fonts for Chinese text.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed' || missing+=(fonts-noto-cjk)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]} (apt)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "run.sh: node and npm are needed (Node.js 20 or later)" >&2
  exit 2
fi

cd "$here"
if [ ! -d node_modules/playwright-core ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "== npm ci (tests/browser)"
  npm ci --quiet --no-audit --no-fund
fi

echo "== browser tests on $site"
/usr/bin/chromium --version 2>/dev/null || true
export SITE_DIR="$site"
# The editor's tests (test/edit.test.js) run the binary on a copy of content/.
if [ -z "${QAWARD_BIN:-}" ] && [ -x "$here/../../target/debug/qaward" ]; then
  export QAWARD_BIN="$here/../../target/debug/qaward"
fi
exec node --test test/*.test.js
