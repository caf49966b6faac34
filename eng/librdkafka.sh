#!/usr/bin/env bash
# Builds the embedded Kafka's librdkafka from source into a git-ignored cache, once per pinned version and set of patches.
#
# Why from source: the embedded Kafka of ./evostream dev, the tests and the bench is librdkafka's mock cluster, which
# needs the patches in eng/patches/librdkafka-<version>-*.patch (unified diffs against the source tree that the npm
# package @confluentinc/kafka-javascript vendors). They change the mock cluster only; Kafka clients use Confluent's
# prebuilt librdkafka (NuGet's librdkafka.redist) instead. The cache stamp records the patches' hashes, so changing
# a patch rebuilds the library. src/Platform.Embedded runs this script and ships the result as librdkafka-mock.so.
#
# Usage: eng/librdkafka.sh            prints the directory that holds librdkafka.so.1
# Env:   EVOSTREAM_NATIVE_CACHE       cache root (default: <repo>/.evostream/native)
set -euo pipefail

readonly VERSION="2.15.1"
readonly NPM_PACKAGE="@confluentinc/kafka-javascript@1.10.1"
readonly DEB_PACKAGES=(build-essential patch libssl-dev libsasl2-dev zlib1g-dev libzstd-dev liblz4-dev)

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache="${EVOSTREAM_NATIVE_CACHE:-$repo/.evostream/native}"
prefix="$cache/librdkafka-$VERSION"
stamp="$prefix/.built-from"

fail() { printf 'librdkafka: %s\n' "$*" >&2; exit 1; }

# What the cached build must have been made from: the source package, then each patch and its sha256.
patches=()
for p in "$repo/eng/patches/librdkafka-$VERSION-"*.patch; do
  if [[ -f "$p" ]]; then patches+=("$p"); fi
done
built_from="$NPM_PACKAGE"
for p in "${patches[@]}"; do
  built_from+=$'\n'"$(basename "$p") $(sha256sum "$p" | cut -d' ' -f1)"
done

if [[ -f "$stamp" && "$(cat "$stamp")" == "$built_from" && -f "$prefix/lib/librdkafka.so.1" ]]; then
  echo "$prefix/lib"
  exit 0
fi

# Serialise concurrent builds (several projects may trigger this at once).
mkdir -p "$cache"
exec 9>"$cache/.librdkafka.lock"
flock 9
if [[ -f "$stamp" && "$(cat "$stamp")" == "$built_from" && -f "$prefix/lib/librdkafka.so.1" ]]; then
  echo "$prefix/lib"
  exit 0
fi

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    fail "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
  fi
  echo "librdkafka: installing ${missing[*]}" >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
    apt-get update >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
      || fail "could not install ${missing[*]} with apt-get; install them by hand and retry"
  fi
fi
command -v npm >/dev/null || fail "npm is needed to fetch the librdkafka source ($NPM_PACKAGE); install Node.js and npm"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "librdkafka: fetching source from $NPM_PACKAGE" >&2
(cd "$work" && npm pack --silent "$NPM_PACKAGE" >/dev/null 2>"$work/npm.err") \
  || fail "npm pack $NPM_PACKAGE failed: $(tail -n 3 "$work/npm.err")"
tar -xzf "$work"/*.tgz -C "$work"
src="$work/package/deps/librdkafka"
[[ -f "$src/configure" ]] || fail "$NPM_PACKAGE does not contain deps/librdkafka"
grep -q "RD_KAFKA_VERSION  *0x020f01" "$src/src/rdkafka.h" \
  || fail "$NPM_PACKAGE does not vendor librdkafka $VERSION"

# Strict (no fuzz): a patch made for this exact tree must apply exactly, or the build stops.
for p in "${patches[@]}"; do
  echo "librdkafka: applying $(basename "$p")" >&2
  patch -d "$src" -p1 --forward --batch --fuzz=0 <"$p" >"$work/patch.log" 2>&1 \
    || fail "patch $p does not apply to the source of $NPM_PACKAGE:
$(tail -n 20 "$work/patch.log")"
done

echo "librdkafka: building $VERSION (about a minute on 2 cores)" >&2
rm -rf "$prefix"
{ cd "$src" \
  && ./configure --prefix="$prefix" >"$work/build.log" 2>&1 \
  && make -j"$(nproc)" libs >>"$work/build.log" 2>&1 \
  && make install-subdirs >>"$work/build.log" 2>&1; } || fail "build failed; last lines of the log:
$(tail -n 20 "$work/build.log")"

# The conventional unversioned name, for linking against the build by hand.
ln -sf librdkafka.so.1 "$prefix/lib/librdkafka.so"
printf '%s\n' "$built_from" >"$stamp"
echo "$prefix/lib"
