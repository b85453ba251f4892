#!/usr/bin/env bash
# Builds the release archive of qaward for one target, as the release
# workflow (.github/workflows/release.yml) does for each of its targets:
#
#   scripts/dist.sh [TARGET] [--profile NAME] [--out DIR]
#
# TARGET defaults to this machine's Linux target (x86_64-unknown-linux-gnu
# here). Linux binaries are linked statically against glibc
# (`-C target-feature=+crt-static`): no dynamic dependency, no loader, so
# one binary runs on any Linux of its architecture whatever its C library
# (统信 UOS, 麒麟, Debian, CentOS, a minimal CI image). Cross-building
# aarch64 on x86_64 needs gcc-aarch64-linux-gnu and libc6-dev-arm64-cross.
#
# `--profile` is a cargo profile (default `release`, what is shipped;
# `.ci/run` uses `dist-check`, the same code built faster, see Cargo.toml).
# Writes DIR/qaward-<version>-<target>.tar.gz (.zip for Windows), holding
# qaward-<version>-<target>/ with the binary, README.md, the staff guide and
# templates/, and prints the archive's path on the last line. A Linux binary
# is checked before it is packed: no program interpreter, no NEEDED library.
set -euo pipefail
cd "$(dirname "$0")/.."

target=""
profile=release
out=target/dist
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "dist.sh: unknown option \`$1\`" >&2; exit 2 ;;
    *) target="$1"; shift ;;
  esac
done
if [ -z "$target" ]; then
  target="$(rustc -vV | sed -n 's/^host: //p')"
fi

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
name="qaward-$version-$target"
exe=qaward
case "$target" in
  *windows*) exe=qaward.exe ;;
esac

case "$target" in
  *-linux-gnu)
    # Static glibc. Only with an explicit --target do these flags leave
    # build scripts and proc macros (which must stay dynamic) alone.
    # getrandom finds glibc's getrandom() through dlsym, which a static
    # binary cannot answer; it would then read /dev/urandom, absent from
    # a bare container or chroot: it is told to call getrandom() directly.
    export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static --cfg getrandom_backend=\"linux_getrandom\""
    host_arch="$(uname -m)"
    arch="${target%%-*}"
    if [ "$arch" != "$host_arch" ]; then
      cross_gcc="$arch-linux-gnu-gcc"
      command -v "$cross_gcc" >/dev/null || {
        echo "dist.sh: cross-building $target needs \`$cross_gcc\` (apt-get install gcc-$arch-linux-gnu libc6-dev-${arch/aarch64/arm64}-cross)" >&2
        exit 2
      }
      upper="$(echo "$target" | tr 'a-z-' 'A-Z_')"
      export "CARGO_TARGET_${upper}_LINKER=$cross_gcc"
      export "CC_${target//-/_}=$cross_gcc"
    fi
    ;;
  *windows-msvc)
    # The C runtime linked in, so no Visual C++ redistributable is needed.
    export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static"
    ;;
esac

# No symbols in what is shipped (a fifth of the size).
export "CARGO_PROFILE_$(echo "$profile" | tr 'a-z-' 'A-Z_')_STRIP=symbols"

echo "== cargo build --profile $profile --target $target" >&2
cargo build --locked --profile "$profile" --target "$target" --bin qaward >&2
dir="$profile"
if [ "$profile" = dev ]; then dir=debug; fi
bin="${CARGO_TARGET_DIR:-target}/$target/$dir/$exe"

case "$target" in
  *-linux-*)
    # A static binary has neither a program interpreter nor NEEDED entries.
    if readelf -l "$bin" | grep -q 'INTERP' || readelf -d "$bin" | grep -q '(NEEDED)'; then
      echo "dist.sh: $bin is dynamically linked:" >&2
      readelf -d "$bin" | grep '(NEEDED)' >&2 || true
      exit 1
    fi
    ;;
esac

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/docs" "$out"
cp "$bin" "$stage/$name/"
cp README.md "$stage/$name/"
cp "docs/zh/使用指南.md" "$stage/$name/docs/"
cp -R templates "$stage/$name/templates"
out="$(cd "$out" && pwd)"
case "$target" in
  *windows*)
    archive="$out/$name.zip"
    rm -f "$archive"
    if command -v 7z >/dev/null; then
      (cd "$stage" && 7z a -tzip -bd "$archive" "$name" >/dev/null)
    else
      (cd "$stage" && zip -qr "$archive" "$name")
    fi
    ;;
  *)
    archive="$out/$name.tar.gz"
    # Owner, group and order fixed, so that the archive depends on the files only.
    tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner -czf "$archive" "$name" 2>/dev/null \
      || tar -C "$stage" -czf "$archive" "$name"
    ;;
esac
echo "$archive"
