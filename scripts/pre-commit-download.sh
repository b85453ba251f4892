#!/usr/bin/env sh
# The `qaward-validate-download` pre-commit hook (.pre-commit-hooks.yaml):
# runs `qaward validate`, with the release of this very revision of qaward
# (the version in Cargo.toml beside this script), downloaded the first time
# into ~/.cache/qaward/<version>/ and checked against the release's
# SHA256SUMS. No Rust toolchain is needed.
#
# 预提交钩子：用与钩子版本（rev）相同的 qaward 发布包校验评审记录；第一次运行时
# 下载到 ~/.cache/qaward/<版本>/ 并按 SHA256SUMS 核对，不需要 Rust 工具链。
#
# QAWARD_DOWNLOAD (the folder holding v<version>/) and QAWARD_DOWNLOAD_AUTH
# (an HTTP header) may be set in the environment, as in the CI templates.
set -eu
top="$(cd "$(dirname "$0")/.." && pwd)"
QAWARD_VERSION="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$top/Cargo.toml" | head -n 1)"
QAWARD_DOWNLOAD="${QAWARD_DOWNLOAD:-https://github.com/example-office/qaward/releases/download}"
QAWARD_HOME="${XDG_CACHE_HOME:-$HOME/.cache}/qaward/$QAWARD_VERSION"
# >>> 下载并安装 qaward（同一段脚本见于每个模板；改动时一并修改）
# 从 QAWARD_DOWNLOAD/v<版本>/ 下载本平台的发布包，按同一目录下的 SHA256SUMS
# 核对后装到 QAWARD_HOME/bin；校验不符则拒绝安装。
# Downloads this platform's release archive of QAWARD_VERSION, checks it
# against SHA256SUMS and installs the binary into QAWARD_HOME/bin.
dest="${QAWARD_HOME:-$HOME/.qaward}"
if [ ! -x "$dest/bin/qaward" ] && [ ! -x "$dest/bin/qaward.exe" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) platform=x86_64-unknown-linux ;;
    Linux-aarch64 | Linux-arm64) platform=aarch64-unknown-linux ;;
    Darwin-x86_64) platform=x86_64-apple-darwin ;;
    Darwin-arm64) platform=aarch64-apple-darwin ;;
    MINGW*-x86_64 | MSYS*-x86_64) platform=x86_64-pc-windows ;;
    *) echo "没有适用于 $(uname -s) $(uname -m) 的 qaward 发布包：请改用 cargo install（见 templates/README.md）" >&2; exit 1 ;;
  esac
  url="${QAWARD_DOWNLOAD%/}/v$QAWARD_VERSION"
  tmp="$(mktemp -d)"
  get() { curl -fsSL --retry 3 ${QAWARD_DOWNLOAD_AUTH:+--header "$QAWARD_DOWNLOAD_AUTH"} -o "$tmp/$1" "$url/$1"; }
  get SHA256SUMS
  line="$(grep -E "^[0-9a-f]{64} [ *]qaward-${QAWARD_VERSION}-${platform}[-.]" "$tmp/SHA256SUMS" | head -n 1 || true)"
  if [ -z "$line" ]; then
    echo "$url/SHA256SUMS 中没有 $platform 的发布包 (no archive for $platform)" >&2
    exit 1
  fi
  file="${line#* }"
  file="${file#[ *]}"
  get "$file"
  if command -v sha256sum > /dev/null; then sum="sha256sum"; else sum="shasum -a 256"; fi
  if ! (cd "$tmp" && echo "$line" | $sum -c - > /dev/null); then
    echo "qaward 发布包 $file 与 SHA256SUMS 不符，已拒绝安装：请重试；仍不符时请联系 qaward 的维护者 (checksum mismatch: refused)" >&2
    exit 1
  fi
  case "$file" in
    *.zip) (cd "$tmp" && unzip -q "$file") ;;
    *) tar -C "$tmp" -xzf "$tmp/$file" ;;
  esac
  folder="${file%.tar.gz}"
  mkdir -p "$dest/bin"
  cp "$tmp/${folder%.zip}"/qaward* "$dest/bin/"
  rm -rf "$tmp"
  echo "qaward $QAWARD_VERSION ($file) 已安装到 $dest/bin"
fi
# <<< 下载并安装 qaward
if [ -x "$QAWARD_HOME/bin/qaward.exe" ]; then
  exec "$QAWARD_HOME/bin/qaward.exe" validate "$@"
fi
exec "$QAWARD_HOME/bin/qaward" validate "$@"
