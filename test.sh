#!/usr/bin/env bash
# Runs every test project of MeshBot.sln and prints the total over all of them as its last line:
# "N passed, N failed" (", N skipped" when any), summed from the TRX result files.
set -uo pipefail
cd "$(dirname "$0")"

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "test.sh: '$1' is required: $2" >&2; exit 1; }
}
need dotnet "install the .NET 10 SDK (https://dot.net)"

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing $*" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null) \
      || { echo "test.sh: apt-get install $* failed" >&2; exit 1; }
  else
    echo "test.sh: missing Debian packages: run 'apt-get install -y $*' as root" >&2
    exit 1
  fi
}
need kubectl "the Kubernetes API emulator tests run the real kubectl (/usr/bin/kubectl)"

# The SDK oracle tests run Slack's, the Bot Framework's and Adaptive Cards' own libraries under Node, installed from the
# committed lockfile whenever node_modules is missing or was installed from another lockfile.
need node "the SDK oracle tests (tests/Oracles) run the chat platforms' libraries on Node.js 20"
need npm "the SDK oracle tests install their libraries with 'npm ci --prefix tests/Oracles'"
if ! cmp -s tests/Oracles/package-lock.json tests/Oracles/node_modules/.meshbot-lock 2>/dev/null; then
  { npm ci --prefix tests/Oracles --no-audit --no-fund --loglevel=error >/dev/null \
      && cp tests/Oracles/package-lock.json tests/Oracles/node_modules/.meshbot-lock; } \
    || { echo "test.sh: 'npm ci --prefix tests/Oracles' failed" >&2; exit 1; }
fi

# Real components from Debian, installed when missing: Alertmanager for the alert tests, PostgreSQL for the
# multi-replica store tests.
[ -x /usr/bin/prometheus-alertmanager ] || apt_install prometheus-alertmanager
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql

results="$PWD/TestResults"
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet build MeshBot.sln --configuration Release || status=$?
if [ "$status" -eq 0 ]; then
  # One results directory per project: TRX names are timestamps and would collide when runs share a second.
  for project in $(find tests -name '*.Tests.csproj' | sort); do
    name=$(basename "$project" .csproj)
    dotnet test "$project" --configuration Release --no-build \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results/$name" \
      -- RunConfiguration.TreatNoTestsAsError=true || status=$?
  done
fi

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

if [ "$files" -eq 0 ]; then
  echo "test.sh: no test results were written" >&2
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: dotnet test failed (exit $status) outside any test result: see the build or test host output above" >&2
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
