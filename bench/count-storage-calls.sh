#!/usr/bin/env bash
# Storage calls per notification, counted from Azurite's access log (see docs/benchmarks.md, "Issue 16"): Azurite with
# its access log on, the published handler and the emulator (build them first: bash bench/run-functions.sh, or with
# ONLY=" " to build only); one warm-up publish per user, then 20 single-recipient publishes to 5 users (with ids of the
# publisher's own, then 20 more without: the app binds their ids to the user) and four of 50
# recipients, counting Azurite's table requests for each part, by the answer and in all (a single user's delivery
# follows the answer: each publish waits until the log stops growing before the next); then three batches of 100
# notifications to one (warmed-up) user each, counted and timed (curl's total); then three rounds of 100 separate
# publishes to one user, 16 in flight (the same burst as concurrent requests), and three rounds of 16 notifications to
# the same 50 users at once, counted and timed. PACKAGE and EMULATOR point at another build's handler package and emulator
# folder (to measure a before). Every process started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
access_key="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH"
api_key="bench-key-0123456789"
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

port=$((20000 + RANDOM % 20000))
take_port() { # variable name: the next free port from $port on
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  printf -v "$1" '%s' "$port"
  port=$((port + 1))
}
take_port blob_port; take_port queue_port; take_port table_port; take_port app_port; take_port emulator_port
wait_http() { for _ in $(seq 1 300); do [[ "$(curl -s --max-time 1 -o /dev/null -w '%{http_code}' "$1" || true)" != "000" ]] && return 0; sleep 0.1; done; echo "no answer at $1" >&2; exit 1; }

node node_modules/azurite/dist/src/azurite.js --inMemoryPersistence --skipApiVersionCheck --disableTelemetry \
  --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --tableHost 127.0.0.1 --tablePort "$table_port" >"$work/azurite.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$table_port/devstoreaccount1/Tables"
storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
(
  cd "${PACKAGE:-artifacts/publish/package}"
  exec env -u FUNCTIONS_CUSTOMHANDLER_PORT AzureWebJobsStorage="$storage" \
    WebPubSubConnection="Endpoint=http://127.0.0.1:$emulator_port;AccessKey=$access_key;Version=1.0;" WebPubSubHub=notifications \
    AZURE_FUNCTIONS_ENVIRONMENT=Development Notifier__Users__Mode=Development \
    Notifier__Publishers__ApiKeys__0__Name=bench Notifier__Publishers__ApiKeys__0__Key="$api_key" \
    ./handler --urls "http://127.0.0.1:$app_port"
) >"$work/app.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$app_port/api/health"
env Logging__LogLevel__Default=Warning \
  WebPubSub__Hubs__notifications__EventHandlers__0__UrlTemplate="http://127.0.0.1:$app_port/api/webpubsub" \
  dotnet "${EMULATOR:-artifacts/build/bin/Notifier.Emulator/release}/Notifier.Emulator.dll" --urls "http://127.0.0.1:$emulator_port" >"$work/emulator.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$emulator_port/api/health"

publish() { # body; leaves curl's total time in $took
  local answer
  answer=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "X-Api-Key: $api_key" -H 'Content-Type: application/json' --data-binary "$1" "http://127.0.0.1:$app_port/api/notifications")
  took=${answer#* }
  [[ "${answer%% *}" == 202 ]] || { echo "publish answered ${answer%% *}: ${1:0:200}" >&2; exit 1; }
}
calls() { grep -c '/devstoreaccount1/' "$work/azurite.log" || true; }
settle() { # waits until Azurite's log has not grown for 0.3 s (the delivery after an answer is done)
  local last now same=0
  last=$(calls)
  while (( same < 3 )); do sleep 0.1; now=$(calls); if (( now == last )); then same=$((same + 1)); else same=0; last=$now; fi; done
}
fifty="[$(for i in $(seq 0 49); do printf '"m-%d"%s' "$i" "$([[ $i -lt 49 ]] && echo ,)"; done)]"

for u in 0 1 2 3 4; do publish "{\"id\":\"w$u\",\"to\":{\"users\":[\"user-$u\"]},\"title\":\"w\"}"; done
publish "{\"id\":\"mw\",\"to\":{\"users\":$fifty},\"title\":\"w\"}"
settle
singles() { # label, id prefix ("" for none): 20 single-recipient publishes to 5 users, counted by the answer and in all
  local total=0 answered=0 before i id
  for i in $(seq 0 19); do
    before=$(calls)
    id=""; [[ -n "$2" ]] && id="\"id\":\"$2$i\","
    publish "{$id\"to\":{\"users\":[\"user-$((i % 5))\"]},\"title\":\"b\"}"
    answered=$(( answered + $(calls) - before ))
    settle
    total=$(( total + $(calls) - before ))
  done
  echo "$1: $total table requests for 20 notifications ($(awk "BEGIN{print $total/20}") each), $answered of them by the answers ($(awk "BEGIN{print $answered/20}") each)"
}
single_line=$(singles "1 recipient" s)
bound_line=$(singles "1 recipient, no id (the app binds one to the user)" "")
before=$(calls)
for i in 0 1 2 3; do publish "{\"id\":\"m$i\",\"to\":{\"users\":$fifty},\"title\":\"b\"}"; done
settle
multi=$(( $(calls) - before ))
echo "$single_line"
echo "$bound_line"
echo "50 recipients: $multi table requests for 4 notifications ($(awk "BEGIN{print $multi/4}") each)"

burst() { # batch number: 100 notifications to one user
  local items=()
  for i in $(seq 0 99); do items+=("{\"id\":\"b$1-$i\",\"to\":{\"users\":[\"burst-$1\"]},\"title\":\"b\"}"); done
  local IFS=,
  echo "[${items[*]}]"
}
for b in 0 1 2; do publish "{\"id\":\"bw$b\",\"to\":{\"users\":[\"burst-$b\"]},\"title\":\"w\"}"; done
for b in 0 1 2; do
  body=$(burst "$b")
  before=$(calls)
  publish "$body"
  answered=$(( $(calls) - before ))
  settle
  echo "batch of 100 to one user: $(( $(calls) - before )) table requests ($answered by the answer), $(awk "BEGIN{printf \"%.0f\", $took*1000}") ms to the answer"
done

together() { # round: 100 single publishes to one user, 16 in flight at a time (separate requests, not a batch)
  seq 0 99 | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "X-Api-Key: $api_key" -H 'Content-Type: application/json' \
    --data-binary "{\"id\":\"t$1-{}\",\"to\":{\"users\":[\"together-$1\"]},\"title\":\"t\"}" "http://127.0.0.1:$app_port/api/notifications" | sort | uniq -c | awk '{printf " %s×%s", $1, $2}'
}
transactions() { grep -c '/devstoreaccount1/\$batch' "$work/azurite.log" || true; }
for r in 0 1 2; do publish "{\"id\":\"tw$r\",\"to\":{\"users\":[\"together-$r\"]},\"title\":\"w\"}"; done
settle
for r in 0 1 2; do
  before=$(calls); before_tx=$(transactions); start=$(date +%s%N)
  answers=$(together "$r")
  took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  settle
  unread=$(curl -s -H "X-Notifier-User: together-$r" "http://127.0.0.1:$app_port/api/inbox/unread-count")
  echo "100 concurrent publishes to one user (16 in flight): answers${answers}; $(( $(calls) - before )) table requests, $(( $(transactions) - before_tx )) of them transactions; ${took_ms} ms for all; unread count after: $unread"
done

overlapping() { # round: 16 notifications to the same 50 users at once (every inbox written by all 16)
  seq 0 15 | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "X-Api-Key: $api_key" -H 'Content-Type: application/json' \
    --data-binary "{\"id\":\"o$1-{}\",\"to\":{\"users\":$fifty},\"title\":\"o\"}" "http://127.0.0.1:$app_port/api/notifications" | sort | uniq -c | awk '{printf " %s×%s", $1, $2}'
}
for r in 0 1 2; do
  before=$(calls); before_tx=$(transactions); start=$(date +%s%N)
  answers=$(overlapping "$r")
  took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  settle
  echo "16 notifications to the same 50 users at once: answers${answers}; $(( $(calls) - before )) table requests, $(( $(transactions) - before_tx )) of them transactions; ${took_ms} ms for all"
done
