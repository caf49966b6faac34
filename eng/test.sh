#!/usr/bin/env bash
# Builds and runs every test, then prints one plain summary line: "tests: N passed, M failed".
# Extra arguments go to dotnet test (for example --filter "FullyQualifiedName~Configuration").
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
results="$repo/.evostream/test-results"
rm -rf "$results"
mkdir -p "$results"

# Debian tools the tests drive as a user would: kcat reads records like an operator and writes commands (real-client
# and Kafka ingress tests), chromium renders the QR viewer page. Installed quietly when missing and running as root;
# otherwise those tests fail saying how to install them.
install_package() {
  local package=$1
  [[ $(id -u) -eq 0 ]] || return
  echo "test: installing $package" >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null 2>&1 \
      || echo "test: could not install $package with apt-get" >&2
  fi
}
install_missing() {
  command -v "$1" >/dev/null || install_package "$2"
}
install_missing kcat kcat
install_missing chromium chromium
# Python's confluent-kafka (librdkafka's default CRC-32 partitioner) writes commands in the Kafka ingress tests, run
# with Debian's own Python, where apt installs it.
/usr/bin/python3 -c 'import confluent_kafka' 2>/dev/null || install_package python3-confluent-kafka

dotnet test "$repo/Evostream.slnx" --nologo -c Release \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; found=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [[ $found -eq 0 || ( $status -ne 0 && $failed -eq 0 ) ]]; then
  # The build or the test host failed before any result was written: count that as a failure.
  failed=$((failed + 1))
fi
# CI shows only the tail of the output: name the failures there, just above the summary.
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" \
    | sed -n 's/.* testName="\([^"]*\)".*/failed: \1/p'
done
echo "tests: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
