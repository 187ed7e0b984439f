# shellcheck shell=bash
# ./rag test (every test, then the deployment files validated and one summary line) and
# ./rag compose-check (docker-compose.yml run for real). Sourced by ./rag after common.sh.

cmd_test() {
  require_java
  ensure_postgres
  ensure_redis
  ensure_node
  ensure_chromium
  say "running every test: unit and @QuarkusTest per module, then the end-to-end suite"
  local status=0
  rm -rf "$ROOT/deploy/validate/target" # reports of an earlier run must not count in this one
  ./mvnw -B clean verify "$@" || status=$?
  validate_deploy || status=1
  bench_quick || status=1
  summarise_reports
  return $status
}

# docker-compose.yml against the Compose specification, `kubectl kustomize` of k8s/base and every overlay
# against the Kubernetes schemas (deploy/validate/validate.mjs). Writes a JUnit report the summary counts;
# missing tools are installed when possible, else the testcases are recorded as skipped (SKIPPED: line).
validate_deploy() {
  local dir="$ROOT/deploy/validate"
  local report="$dir/target/surefire-reports/TEST-deploy-validate.xml"
  rm -rf "$dir/target"
  say "validating the deployment files: Compose specification, kustomize + Kubernetes schemas"
  # Debian's kubernetes-client is kubectl 1.20 (kustomize v2): the validation then records the kustomize
  # testcases as skipped, saying that kubectl 1.21+ is needed; this machine kind ships a newer kubectl.
  if ! command -v kubectl >/dev/null && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    say "kubectl is missing; installing kubernetes-client"
    apt-get install -y -q kubernetes-client >/dev/null 2>&1 || true
  fi
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error); then
      rm -rf "$dir/node_modules"
      deploy_skipped "$report" "npm ci could not install the validator's packages (no access to the npm registry?)"
      return 0
    fi
  fi
  node "$dir/validate.mjs" --junit "$report"
}

# The quick pass of ./rag bench all (seconds, no thresholds; docs/performance.md) over the in-project
# fixture corpus, so the bench cannot rot: recorded as one testcase (bench.quick), failed when the pass
# fails or its JSON lacks a part. It starts no suite (see cmd_bench_all in tools.sh).
bench_quick() {
  local report="$ROOT/bench/target/surefire-reports/TEST-bench-quick.xml" json started=$SECONDS rc=0 why="" part
  say "the bench's quick pass: ./rag bench all --quick over the fixture corpus"
  json=$("$ROOT/rag" bench all "$ROOT/bench/src/test/resources/eval-fixture/corpus" --quick --json) || rc=$?
  if [ "$rc" != "0" ]; then
    why="./rag bench all --quick exited with $rc"
  else
    for part in p1 p2 p3 p4 p5; do
      grep -q "\"$part\":{" <<<"$json" || why="${why:-its JSON has no $part: $json}"
    done
  fi
  say "the bench's quick pass took $((SECONDS - started)) s"
  mkdir -p "$(dirname "$report")"
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<testsuite name=\"bench.quick\" tests=\"1\" failures=\"$([ -n "$why" ] && echo 1 || echo 0)\" errors=\"0\" skipped=\"0\" time=\"$((SECONDS - started))\">"
    if [ -n "$why" ]; then
      echo "  <testcase classname=\"bench.quick\" name=\"rag bench all --quick\"><failure message=\"$(sed 's/&/\&amp;/g; s/</\&lt;/g; s/"/\&quot;/g' <<<"$why")\"/></testcase>"
    else
      echo '  <testcase classname="bench.quick" name="rag bench all --quick"/>'
    fi
    echo '</testsuite>'
  } > "$report"
  [ -z "$why" ]
}

# The browser tests (e2e BrowserIT) drive Debian's Chromium through playwright-core (Playwright's own
# browser download cannot work here). Installed when missing and this is root; otherwise BrowserIT
# records its tests as skipped, saying so (RAG_CHROMIUM names another binary).
ensure_chromium() {
  [ -x "${RAG_CHROMIUM:-/usr/bin/chromium}" ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    say "chromium is missing; installing it (Debian) for the web app's browser tests"
    apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1) || true
  fi
  [ -x "${RAG_CHROMIUM:-/usr/bin/chromium}" ] || echo "SKIPPED (will be): the browser tests need Chromium (Debian: apt-get install chromium)"
}

# Records every testcase of the deployment validation as skipped, saying why.
deploy_skipped() {
  local report="$1" why="$2" names=("docker-compose.yml" "kustomize k8s/secrets" "kustomize k8s/base") o
  for o in "$ROOT"/k8s/overlays/*/; do names+=("kustomize k8s/overlays/$(basename "$o")"); done
  names+=("observability files (Prometheus, Grafana, OpenTelemetry)")
  echo "SKIPPED: deployment validation (${#names[@]} testcases): $why"
  mkdir -p "$(dirname "$report")"
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<testsuite name=\"deploy.validate\" tests=\"${#names[@]}\" failures=\"0\" errors=\"0\" skipped=\"${#names[@]}\" time=\"0\">"
    for o in "${names[@]}"; do
      echo "  <testcase classname=\"deploy.validate\" name=\"$o\" time=\"0\"><skipped message=\"$why\"/></testcase>"
    done
    echo '</testsuite>'
  } > "$report"
}

summarise_reports() {
  # One closing line over every Surefire/Failsafe report of this run.
  local files
  files=$(find . -path '*/target/surefire-reports/TEST-*.xml' -o -path '*/target/failsafe-reports/TEST-*.xml' 2>/dev/null)
  [ -n "$files" ] || { echo "0 passed, 0 failed"; return 0; }
  echo "$files" | xargs awk '
    /<testsuite / {
      match($0, / tests="[0-9]+"/);    t += substr($0, RSTART + 8, RLENGTH - 9)
      match($0, / failures="[0-9]+"/); f += substr($0, RSTART + 11, RLENGTH - 12)
      match($0, / errors="[0-9]+"/);   e += substr($0, RSTART + 9, RLENGTH - 10)
      match($0, / skipped="[0-9]+"/);  s += substr($0, RSTART + 10, RLENGTH - 11)
    }
    END { printf "%d passed, %d failed, %d skipped\n", t - f - e - s, f + e, s }'
}

# The packaging stays here (build_if_stale); everything about containers is in the script.
cmd_compose_check() {
  [ "$(id -u)" = 0 ] || die "./rag compose-check needs root (rootful podman, debootstrap, apt-get)"
  require_java
  local started=$SECONDS
  build_if_stale
  RAG_COMPOSE_PACKAGE_SECONDS=$((SECONDS - started)) exec "$ROOT/deploy/compose/compose-check.sh" "$@"
}
