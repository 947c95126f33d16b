#!/usr/bin/env bash
# Broadcast fan-out benchmark: Notifier.Emulator vs a Node.js `ws` server vs an ASP.NET Core SignalR hub, each run
# as its own process on this machine and driven by the same load generator (a separate process).
# See docs/benchmarks.md for what each figure means. Every knob is an environment variable:
#   SIZES="1000 5000"  SERVERS="emulator ws signalr"  (also: emulator-raw)
#   LATENCY_DELIVERIES=10000 (deliveries/s in the latency phase: broadcasts/s = this / clients, the same for every
#   server; LATENCY_RATE=R fixes broadcasts/s instead)  LATENCY_SECONDS=10  THROUGHPUT_SECONDS=10  INFLIGHT=8
#   SETTLE=5 (s before each RSS reading)  PAYLOAD_BYTES=100  CONNECT_CONCURRENCY=100  WARMUP_CLIENTS=200
#   PORT=5400 (first port; each server gets a fresh one)  RESULTS=bench/results  SKIP_BUILD=1
#   QUIET_PERCENT=15 QUIET_WAIT=20: before each run, wait (at most QUIET_WAIT s) until the machine is at most
#   QUIET_PERCENT % busy, since builds and tests of other work on the same machine skew the figures.
#   RETRIES=1 DISTURBED_CORES=0.25: a run during which other work used more than DISTURBED_CORES cores on average is
#   measured again, up to RETRIES more times; the least disturbed attempt is kept (all are in raw/).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="${SIZES:-1000 5000}"
servers="${SERVERS:-emulator ws signalr}"
results="${RESULTS:-bench/results}"
port="${PORT:-5400}"
generator_args=(
  --latency-seconds "${LATENCY_SECONDS:-10}"
  --throughput-seconds "${THROUGHPUT_SECONDS:-10}"
  --inflight "${INFLIGHT:-8}"
  --settle "${SETTLE:-5}"
  --payload-bytes "${PAYLOAD_BYTES:-100}"
  --connect-concurrency "${CONNECT_CONCURRENCY:-100}"
  --warmup-clients "${WARMUP_CLIENTS:-200}"
)

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap 'stop_server' EXIT
trap 'stop_server; exit 130' INT TERM

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "==> build (Release)"
  for project in src/Notifier.Emulator bench/SignalRPeer bench/LoadGenerator; do
    dotnet build "$project" -c Release -nologo -clp:ErrorsOnly -v:quiet | grep -Ev '^$|Build succeeded|Warning\(s\)|Error\(s\)|Time Elapsed' || true
    [[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "build of $project failed" >&2; exit 1; }
  done
  if [[ ! -f node_modules/ws/package.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi

mkdir -p "$results/raw" "$results/logs"
rm -f "$results"/raw/*.json

busy_percent() { # machine-wide CPU busy over one second, percent of all cores
  local u n s i w q sq st b1 t1
  read -r _ u n s i w q sq st _ </proc/stat
  b1=$((u + n + s + q + sq + st)); t1=$((b1 + i + w))
  sleep 1
  read -r _ u n s i w q sq st _ </proc/stat
  echo $(( 100 * (u + n + s + q + sq + st - b1) / (u + n + s + q + sq + st + i + w - t1 + 1) ))
}

wait_quiet() {
  local deadline=$(( $(date +%s) + ${QUIET_WAIT:-20} )) busy
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

start_server() { # name port log
  local name="$1" p="$2" log="$3" health
  case "$name" in
    emulator|emulator-raw)
      Logging__LogLevel__Default=Warning dotnet src/Notifier.Emulator/bin/Release/net10.0/Notifier.Emulator.dll \
        --urls "http://127.0.0.1:$p" >"$log" 2>&1 &
      health="/api/health" ;;
    ws)
      node bench/WsPeer/server.js --port "$p" >"$log" 2>&1 &
      health="/health" ;;
    signalr)
      Logging__LogLevel__Default=Warning dotnet bench/SignalRPeer/bin/Release/net10.0/SignalRPeer.dll \
        --urls "http://127.0.0.1:$p" >"$log" 2>&1 &
      health="/health" ;;
    *) echo "unknown server '$name'" >&2; return 1 ;;
  esac
  server_pid=$!
  for _ in $(seq 1 300); do
    if curl -sf --max-time 1 -o /dev/null "http://127.0.0.1:$p$health"; then
      return 0
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$name exited during start-up; see $log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "$name did not answer on port $p within 30 s; see $log" >&2
  return 1
}

started=$(date +%s)
failed=0
for size in $sizes; do
  for name in $servers; do
    rate="${LATENCY_RATE:-$(awk -v d="${LATENCY_DELIVERIES:-10000}" -v n="$size" 'BEGIN { printf "%g", d / n }')}"
    best=""
    for attempt in $(seq 1 $(( ${RETRIES:-1} + 1 ))); do
      while ! port_free "$port"; do port=$((port + 1)); done
      log="$results/logs/$name-$size.log"
      out="$results/raw/$name-$size.attempt$attempt.json"
      echo "==> $name, $size clients (port $port, attempt $attempt)"
      wait_quiet
      if start_server "$name" "$port" "$log"; then
        if ! dotnet bench/LoadGenerator/bin/Release/net10.0/LoadGenerator.dll \
            --server "$name" --base "http://127.0.0.1:$port" --pid "$server_pid" --clients "$size" \
            --latency-rate "$rate" "${generator_args[@]}" --out "$out"; then
          echo "$name x $size: the load generator failed" >&2
        fi
      fi
      stop_server
      port=$((port + 1))
      [[ -f "$out" ]] || continue
      # Keep the attempt least disturbed by other work; retry while that was more than DISTURBED_CORES.
      other=$(node -p "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')).otherCoresBusy.toFixed(2)" "$out")
      if [[ -z "$best" ]] || awk -v a="$other" -v b="$best_other" 'BEGIN { exit !(a < b) }'; then
        best="$out"; best_other="$other"
      fi
      if awk -v a="$other" -v t="${DISTURBED_CORES:-0.25}" 'BEGIN { exit !(a <= t) }'; then
        break
      fi
      echo "    other work used $other cores meanwhile; measuring again" >&2
    done
    if [[ -n "$best" ]]; then
      cp "$best" "$results/raw/$name-$size.json"
    else
      failed=1
    fi
  done
done

node bench/report.js "$results" "$servers" "$sizes"
echo "==> done in $(( $(date +%s) - started )) s; results in $results/latest.md and $results/latest.json"
exit "$failed"
