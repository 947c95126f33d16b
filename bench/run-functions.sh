#!/usr/bin/env bash
# Function app benchmarks (see docs/benchmarks.md, "Function app"):
#   1. cold start: the published handler (scripts/publish: self-contained linux-x64, ReadyToRun) against a bare
#      minimal API published the same way (bench/BareApi): process start -> first 200 on GET /api/health;
#   2. end to end: Azurite + the Web PubSub emulator + the function app (the published handler, standalone), K
#      WebSocket clients; Azurite's raw insert rate, a storage-only replay of the publish path, publishing to one user
#      and to M users, with C concurrent publishers for D seconds each;
#   3. negotiate latency at a steady rate against the same app.
# Every server is its own process, the load generator (bench/FunctionsBench) another. Every process started here is
# stopped on exit. Knobs (environment variables):
#   RUNS=20 COLD_WARMUP=2   cold-start runs per app (alternating) and untimed warm-up runs
#   CLIENTS=1000 PUBLISHERS=16 DURATION=10 WARMUP=3 MULTI=50   end-to-end run
#   NEGOTIATE_RATE=200 NEGOTIATE_SECONDS=10   the negotiate phase (the inbox and open-loop publish phases last as long)
#   PUBLISH_RATE=200   single-recipient publishes per second in the open-loop phase (below saturation: answer and
#   end-to-end latency as a service mostly sees them)
#   INBOX_RATE=50   inbox pages per second: each is a Table query, and much above this Azurite (one Node thread)
#   saturates, so the phase would measure Azurite's queue rather than the app
#   MAX_OTHER=0.25 PHASE_RETRIES=3 COLD_MAX_OTHER=0.25: a cold-start round, or an end-to-end phase, during which
#   other processes used more than that many cores is measured again (a round up to 5 times, a phase up to
#   PHASE_RETRIES times, keeping the least disturbed)
#   ONLY="coldstart load azurite"   which parts to run (azurite: Azurite alone, insert rate as a table grows, cost per append by request shape)
#   AZURITE_ARGS="..." more Azurite options (e.g. --tableKeepAliveTimeout 60)
#   AZURITE_NODE_ARGS="..." options for the node running Azurite (e.g. --cpu-prof --cpu-prof-dir=DIR, --trace-gc)
#   PORT=5600 (first port tried)  RESULTS=bench/results  SKIP_BUILD=1 (reuse artifacts/)
#   QUIET_PERCENT=15 QUIET_WAIT=30: before each part, wait (at most QUIET_WAIT s) until the machine is at most
#   QUIET_PERCENT % busy, since builds and tests of other work on the same machine skew the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

results="${RESULTS:-bench/results}"
only="${ONLY:-coldstart load azurite}"
port="${PORT:-5600}"
api_key="bench-key-0123456789"
access_key="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH"
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
handler=artifacts/publish/package/handler
bare=artifacts/bench/bare/BareApi
emulator_dll=artifacts/build/bin/Notifier.Emulator/release/Notifier.Emulator.dll
bench_dll=artifacts/build/bin/FunctionsBench/release/FunctionsBench.dll

pids=()
stop_all() {
  local pid
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}
trap 'stop_all' EXIT
trap 'stop_all; exit 130' INT TERM

build() { # quiet dotnet build/publish; outputs under artifacts/ so the working tree's bin/obj are left alone
  dotnet "$@" --artifacts-path artifacts/build -nologo -v:quiet -clp:ErrorsOnly >/dev/null || {
    echo "dotnet $* failed" >&2; dotnet "$@" --artifacts-path artifacts/build -nologo -v:quiet -clp:ErrorsOnly >&2; exit 1; }
}

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "==> build"
  ./scripts/publish
  build publish bench/BareApi -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -o artifacts/bench/bare
  build build src/Notifier.Emulator -c Release
  build build bench/FunctionsBench -c Release
  [[ -f node_modules/azurite/dist/src/azurite.js ]] || npm ci --no-audit --no-fund --loglevel=error
fi
for file in "$handler" "$bare" "$emulator_dll" "$bench_dll" node_modules/azurite/dist/src/azurite.js; do
  [[ -e "$file" ]] || { echo "missing $file: run without SKIP_BUILD" >&2; exit 1; }
done

mkdir -p "$results/raw" "$results/logs"
commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src host.json 2>/dev/null || echo '+changes')"

busy_percent() { # machine-wide CPU busy over one second, percent of all cores
  local u n s i w q sq st b1 t1
  read -r _ u n s i w q sq st _ </proc/stat
  b1=$((u + n + s + q + sq + st)); t1=$((b1 + i + w))
  sleep 1
  read -r _ u n s i w q sq st _ </proc/stat
  echo $(( 100 * (u + n + s + q + sq + st - b1) / (u + n + s + q + sq + st + i + w - t1 + 1) ))
}
wait_quiet() {
  local deadline=$(( $(date +%s) + ${QUIET_WAIT:-30} )) busy
  while busy=$(busy_percent); (( busy > ${QUIET_PERCENT:-15} )); do
    if (( $(date +%s) >= deadline )); then
      echo "    machine still ${busy}% busy with other work; measuring anyway" >&2
      return 0
    fi
    echo "    machine ${busy}% busy with other work; waiting" >&2
    sleep 2
  done
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
take_port() { # variable name: the next free port from $port on
  while ! port_free "$port"; do port=$((port + 1)); done
  printf -v "$1" '%s' "$port"
  port=$((port + 1))
}
wait_http() { # name pid url: any HTTP answer counts
  local name="$1" pid="$2" url="$3"
  for _ in $(seq 1 300); do
    [[ "$(curl -s --max-time 1 -o /dev/null -w '%{http_code}' "$url" || true)" != "000" ]] && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$name exited during start-up; see $results/logs/functions-$name.log" >&2; return 1; }
    sleep 0.1
  done
  echo "$name did not answer at $url within 30 s" >&2
  return 1
}

start_azurite() { # a fresh, in-memory Azurite on free ports; sets azurite_pid, table_port and storage
  local blob_port queue_port
  take_port blob_port; take_port queue_port; take_port table_port
  storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
  # --silent: no access log line per request (it would cost Azurite CPU on every call); --disableTelemetry: offline.
  node ${AZURITE_NODE_ARGS:-} node_modules/azurite/dist/src/azurite.js --inMemoryPersistence --skipApiVersionCheck --silent --disableTelemetry \
    --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --tableHost 127.0.0.1 --tablePort "$table_port" ${AZURITE_ARGS:-} >"$results/logs/functions-azurite.log" 2>&1 &
  azurite_pid=$!; pids+=("$azurite_pid")
  wait_http azurite "$azurite_pid" "http://127.0.0.1:$table_port/devstoreaccount1/Tables"
}

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
report="$results/functions-latest.md"
{
  echo "# Function app benchmarks, $(date -u '+%Y-%m-%d %H:%M') UTC, app at $commit"
  echo
  echo "$(nproc) cores; $(dotnet --version) SDK; Node.js $(node --version); Azurite $(node -p "require('./node_modules/azurite/package.json').version")"
  echo
} >"$report"
started=$(date +%s)

if [[ " $only " == *" coldstart "* ]]; then
  echo "==> cold start: handler vs bare minimal API, ${RUNS:-20} runs each"
  wait_quiet
  dotnet "$bench_dll" coldstart \
    --target "bare=$bare" --target "handler=$handler" --baseline bare \
    --runs "${RUNS:-20}" --warmup "${COLD_WARMUP:-2}" --max-other-cores "${COLD_MAX_OTHER:-0.25}" \
    --env AzureWebJobsStorage=UseDevelopmentStorage=true \
    --env "WebPubSubConnection=Endpoint=http://127.0.0.1:1;AccessKey=$access_key;Version=1.0;" \
    --env WebPubSubHub=notifications --env AZURE_FUNCTIONS_ENVIRONMENT=Development --env Notifier__Users__Mode=Development \
    --out "$results/raw/functions-coldstart-$stamp.json" | tee -a "$report"
fi

if [[ " $only " == *" load "* ]]; then
  take_port emulator_port; take_port app_port

  echo "==> start Azurite, the function app ($app_port), the emulator ($emulator_port)"
  wait_quiet
  start_azurite

  (
    cd "$(dirname "$handler")"
    exec env -u FUNCTIONS_CUSTOMHANDLER_PORT AzureWebJobsStorage="$storage" \
      WebPubSubConnection="Endpoint=http://127.0.0.1:$emulator_port;AccessKey=$access_key;Version=1.0;" \
      WebPubSubHub=notifications AZURE_FUNCTIONS_ENVIRONMENT=Development Notifier__Users__Mode=Development \
      Notifier__Publishers__ApiKeys__0__Name=bench Notifier__Publishers__ApiKeys__0__Key="$api_key" \
      Notifier__RateLimits__PublisherPerSecond=1000000 Notifier__RateLimits__PublisherBurst=1000000 \
      ./handler --urls "http://127.0.0.1:$app_port"
  ) >"$results/logs/functions-app.log" 2>&1 &
  app_pid=$!; pids+=("$app_pid")
  wait_http app "$app_pid" "http://127.0.0.1:$app_port/api/health"

  # After the app: the emulator validates its event handler (abuse protection) as soon as it listens.
  env Logging__LogLevel__Default=Warning \
    WebPubSub__Hubs__notifications__EventHandlers__0__UrlTemplate="http://127.0.0.1:$app_port/api/webpubsub" \
    WebPubSub__Hubs__notifications__EventHandlers__0__SystemEvents__0=connect \
    WebPubSub__Hubs__notifications__EventHandlers__0__SystemEvents__1=connected \
    WebPubSub__Hubs__notifications__EventHandlers__0__SystemEvents__2=disconnected \
    WebPubSub__Hubs__notifications__EventHandlers__0__EventPattern='*' \
    dotnet "$emulator_dll" --urls "http://127.0.0.1:$emulator_port" >"$results/logs/functions-emulator.log" 2>&1 &
  emulator_pid=$!; pids+=("$emulator_pid")
  wait_http emulator "$emulator_pid" "http://127.0.0.1:$emulator_port/api/health"


  echo "==> load generator"
  dotnet "$bench_dll" load --app "http://127.0.0.1:$app_port" --storage "$storage" --api-key "$api_key" \
    --clients "${CLIENTS:-1000}" --publishers "${PUBLISHERS:-16}" --seconds "${DURATION:-10}" --warmup "${WARMUP:-3}" \
    --multi "${MULTI:-50}" --negotiate-rate "${NEGOTIATE_RATE:-200}" --negotiate-seconds "${NEGOTIATE_SECONDS:-10}" --inbox-rate "${INBOX_RATE:-50}" --publish-rate "${PUBLISH_RATE:-200}" \
    --max-other-cores "${MAX_OTHER:-0.25}" --phase-retries "${PHASE_RETRIES:-3}" \
    --pid "app=$app_pid" --pid "emulator=$emulator_pid" --pid "azurite=$azurite_pid" \
    --out "$results/raw/functions-load-$stamp.json" | tee -a "$report"
  stop_all
fi

if [[ " $only " == *" azurite "* ]]; then
  echo "==> Azurite alone: insert rate as a table grows, constant vs unique RowKey; then one append per request, by what the request carries"
  wait_quiet
  start_azurite
  dotnet "$bench_dll" azurite --storage "$storage" --publishers "${PUBLISHERS:-16}" --pid "azurite=$azurite_pid" \
    --out "$results/raw/functions-azurite-$stamp.json" | tee -a "$report"
  stop_all
fi

echo "==> done in $(( $(date +%s) - started )) s; report in $report, raw results in $results/raw/functions-*-$stamp.json"
