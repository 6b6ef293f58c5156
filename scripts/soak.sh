#!/usr/bin/env bash
# Soak: two copydesk instances in separate JVMs fed a long generated archive at a steady rate; samples the second
# instance's live heap (after a forced collection), committed heap, resident size and state, and checks at the end that
# every article came out on articles.annotated exactly once. The figures of the README's "Memory of an instance".
#
#   scripts/soak.sh                      # 100,000 articles over 12 days at 250/s (about 10 minutes)
#   COUNT=20000 SPAN=3d RATE=200 HEAP2=1g scripts/soak.sh --set copydesk.rocksdb.memory=0
#
# Arguments are passed to both instances (e.g. --set key=value). Needs the built jar (mvn -DskipTests package), a JDK
# (jcmd, jstat), curl and python3. Exit status 0 when every article came out once, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-streams-app/target/copydesk.jar}
COUNT=${COUNT:-100000} SPAN=${SPAN:-12d} RATE=${RATE:-250} HEAP1=${HEAP1:-3g} HEAP2=${HEAP2:-2g}
OUT=${OUT:-$(mktemp -d /tmp/copydesk-soak-XXXXXX)} INTERVAL=${INTERVAL:-45}
BP=${BROKER_PORT:-39391} RP=${REGISTRY_PORT:-39371} H1=${HTTP1:-39381} H2=${HTTP2:-39382}
JAVA=(java -XX:+UseParallelGC --add-modules jdk.incubator.vector)
mkdir -p "$OUT"
echo "soak: $COUNT articles over $SPAN at $RATE/s, heaps $HEAP1 (broker, registry, instance 1) and $HEAP2 (instance 2), in $OUT" >&2
java -jar "$JAR" generate --count "$COUNT" --seed 11 --start 2026-09-01T00:00:00Z --span "$SPAN" --output "$OUT/archive.jsonl.gz" >&2
printf '{"id":"soak-start","source":"soak","title":"Start","body":"One unrelated article that starts the demo.","published_at":"2026-08-31T00:00:00Z"}\n' > "$OUT/start.jsonl"
"${JAVA[@]}" -Xmx"$HEAP1" -jar "$JAR" demo --input "$OUT/start.jsonl" --broker-port "$BP" --registry-port "$RP" \
    --data-dir "$OUT/demo" --format json --duration 24h --set copydesk.http.port="$H1" "$@" > "$OUT/demo.out" 2> "$OUT/demo.err" &
DEMO=$!
trap 'kill $DEMO ${RUN:-} 2>/dev/null || true' EXIT
for _ in $(seq 180); do grep -q soak-start "$OUT/demo.out" 2>/dev/null && break; sleep 1; done
# AlwaysPreTouch: the committed heap is resident from the start, so resident minus committed is what lies off the heap
"${JAVA[@]}" -Xmx"$HEAP2" -XX:+AlwaysPreTouch -jar "$JAR" run --bootstrap 127.0.0.1:"$BP" --registry http://127.0.0.1:"$RP" \
    --set application.id=copydesk-demo --set state.dir="$OUT/state2" --set copydesk.http.port="$H2" "$@" > "$OUT/run.out" 2> "$OUT/run.err" &
RUN=$!
for _ in $(seq 180); do grep -q -- "-> RUNNING" "$OUT/run.err" 2>/dev/null && break; sleep 1; done
sample() {
    jcmd "$RUN" GC.run > /dev/null 2>&1 || return 0
    local gc; gc=$(jstat -gc "$RUN" | tail -1)
    curl -s "localhost:$H2/metrics" > "$OUT/metrics.txt" || true
    local rss; rss=$(ps -o rss= -p "$RUN" || true)
    [ -n "$rss" ] || return 0
    python3 - "$gc" "$rss" "$(du -sm "$OUT/state2" | cut -f1)" "$OUT/metrics.txt" <<'PY'
import sys, re
gc = [float(x) for x in sys.argv[1].split()[:8]]
s0c, s1c, s0u, s1u, ec, eu, oc, ou = gc[:8]          # jstat -gc columns, KB
rss = int(sys.argv[2]) / 1024
def metric(name):
    text = open(sys.argv[4]).read()
    return sum(float(v) for v in re.findall(r'^' + name + r'(?:\{[^}]*\})? ([0-9.E+-]+)$', text, re.M))
committed = (s0c + s1c + ec + oc) / 1024
print("%8d %9.0f %9.0f %10.0f %7.0f %8s %10.0f %10.0f" % (metric('copydesk_articles_in_total'),
      (s0u + s1u + eu + ou) / 1024, committed, rss, rss - committed, sys.argv[3],
      metric('copydesk_index_articles'), metric('copydesk_index_postings')))
PY
}
echo "instance 2, every ${INTERVAL}s after a forced collection (MB):" | tee "$OUT/samples.txt" >&2
echo "      in  liveheap committed  resident  beyond  stateMB  indexarts   postings" | tee -a "$OUT/samples.txt" >&2
( while kill -0 "$RUN" 2>/dev/null; do sample | tee -a "$OUT/samples.txt" >&2; sleep "$INTERVAL"; done ) &
SAMPLER=$!
java -jar "$JAR" replay --input "$OUT/archive.jsonl.gz" --rate "$RATE/s" --bootstrap 127.0.0.1:"$BP" \
    --registry http://127.0.0.1:"$RP" > "$OUT/replay.out" 2>&1
tail -1 "$OUT/replay.out" >&2
want=$((COUNT + 1))
for _ in $(seq 900); do [ "$(grep -c '"id"' "$OUT/demo.out")" -ge "$want" ] && break; sleep 2; done
sleep 10
java -jar "$JAR" archive --topic articles.annotated --output "$OUT/annotated.jsonl" --bootstrap 127.0.0.1:"$BP" \
    --registry http://127.0.0.1:"$RP" > "$OUT/archive.out" 2>&1
kill "$SAMPLER" 2>/dev/null || true
kill "$RUN"; wait "$RUN" || echo "instance 2 exited $?" >&2
kill "$DEMO"; wait "$DEMO" || echo "demo exited $?" >&2
trap - EXIT
python3 - "$OUT/annotated.jsonl" "$want" <<'PY'
import json, sys, collections
ids = collections.Counter(json.loads(l).get('id') or json.loads(l)['value']['id'] for l in open(sys.argv[1]))
want = int(sys.argv[2])
dups = sum(1 for c in ids.values() if c > 1)
print("articles.annotated: %d records, %d ids of %d, %d twice or more" % (sum(ids.values()), len(ids), want, dups))
sys.exit(0 if len(ids) == want and dups == 0 and sum(ids.values()) == want else 1)
PY
