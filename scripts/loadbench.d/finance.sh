# Sourced by scripts/loadbench for --finance MODES: the mock called directly, then the gateway with
# the routing-only packs once per finance mode, and what each mode adds over "off" at p50/p99.
# Uses loadbench's functions and settings (gateway_config, start_gateway, measure, ...).

pg_url=${LOADBENCH_PG:-jdbc:postgresql://127.0.0.1:5432/test}
pg_user=${LOADBENCH_PG_USER:-postgres}
redis_url=${LOADBENCH_REDIS:-redis://127.0.0.1:6379}
pg_rest=${pg_url#jdbc:postgresql://}
pg_db=${pg_rest#*/}
pg_db=${pg_db%%\?*}
pg_hp=${pg_rest%%/*}
pg_host=${pg_hp%%:*}
pg_port=${pg_hp##*:}
[ "$pg_port" != "$pg_hp" ] || pg_port=5432

# far above what a run can use: the checks run on every request, none refuses
huge=1000000000
finance_limits=", limits: {requests_per_minute: $huge, requests_per_day: $huge, tokens_per_minute: $huge}"
finance_budget="budgets:
  - {scope: key, subject: bench, amount_usd: 1000000, period: monthly, cap_percent: 100}
  - {scope: team, subject: bench, amount_usd: 1000000, period: monthly}"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
measure direct "$mock/v1/chat/completions" "" "$warmup" "$mock_pid"
targets=(direct)
for m in "${finance_modes[@]}"; do
  t="finance-$m"
  case $m in
    off)
      pack_limits=drop key_extra="" gateway_extra="" ;;
    embedded)
      pack_limits=raise key_extra=$finance_limits
      gateway_extra="store: {url: \"jdbc:h2:file:$work/$t/data/warden\"}
$finance_budget" ;;
    limits)
      pack_limits=raise key_extra=$finance_limits gateway_extra="" ;;
    redis)
      redis_prefix="loadbench:$$:"
      pack_limits=raise key_extra=$finance_limits
      gateway_extra="redis: {url: \"$redis_url\", prefix: \"${redis_prefix}limits:\"}" ;;
    pg)
      pg_schema="loadbench_$$" redis_prefix="loadbench:$$:"
      pack_limits=raise key_extra=$finance_limits
      gateway_extra="store: {url: \"$pg_url\", user: \"$pg_user\", password: \"${LOADBENCH_PG_PASSWORD:-}\", schema: $pg_schema}
redis: {url: \"$redis_url\", prefix: \"$redis_prefix\"}
$finance_budget" ;;
  esac
  gateway_config "$t" async "$root"/rule-packs/{budget-guard,model-routing,eu-residency}
  start_gateway "$t"
  measure "$t" "$gw/v1/chat/completions" "$key" "$gateway_warmup" "$gw_pid"
  stop_gateway
  targets+=("$t")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

finance_label() {
  case $1 in
    direct) echo "mock, direct" ;;
    finance-off) echo "gateway, finance off" ;;
    finance-embedded) echo "gateway, embedded (H2 file, limits in process)" ;;
    finance-pg) echo "gateway, PostgreSQL + Redis" ;;
    finance-limits) echo "gateway, rate limits only, in process" ;;
    finance-redis) echo "gateway, rate limits only, in Redis" ;;
  esac
}
diff_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.3f", a - b }'; }
{
  echo
  echo "Warden finance benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')  $(nproc) cores, shared by wrk, the mock and the gateway"
  echo "$(uname -sr), $("$JAVA" -version 2>&1 | head -n 1), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
  echo "wrk: $threads threads, $connections connections, warm-up ${warmup}s (gateway ${gateway_warmup}s), throughput ${duration}s, latency ${latency_duration}s;"
  echo "routing-only packs, audit async; latency at $rate req/s offered; load average before $load_before, after $load_after"
  echo
  printf '%-48s %10s %9s %9s %9s %9s %10s %10s %8s %9s\n' target "req/s" "p50 ms" "p99 ms" "+p50 ms" "+p99 ms" \
    "fin. +p50" "fin. +p99" "cpu us" failures
  for t in "${targets[@]}"; do
    fp50="-" fp99="-"
    if [ "$t" != direct ] && [ "$t" != finance-off ] && [ -n "${R_P50[finance-off]:-}" ]; then
      fp50=$(diff_ms "${R_P50[$t]}" "${R_P50[finance-off]}")
      fp99=$(diff_ms "${R_P99[$t]}" "${R_P99[finance-off]}")
    fi
    printf '%-48s %10.0f %9.3f %9.3f %9s %9s %10s %10s %8s %9s\n' "$(finance_label "$t")" "${R_RPS[$t]}" \
      "${R_P50[$t]}" "${R_P99[$t]}" "$(diff_ms "${R_P50[$t]}" "${R_P50[direct]}")" \
      "$(diff_ms "${R_P99[$t]}" "${R_P99[direct]}")" "$fp50" "$fp99" "${R_CPU[$t]}" "${R_FAIL[$t]}/${R_N[$t]}"
  done
  echo
  echo "req/s: closed loop; p50/p99 ms: latency at $rate req/s offered; +p50/+p99: minus the mock's (what the gateway adds);"
  echo "fin. +p50/+p99: minus the gateway with finance off (what the store, budgets, reservations and rate limits add)."
  echo "cpu us: the target's CPU time per request in the throughput run (less sensitive to other load than req/s)."
  echo "failures: non-2xx answers and socket errors over all runs of the target (a 429 or 402 would count here)."
  echo
  echo "time each request spent on budgets and rate limits at $rate req/s, measured in the gateway"
  echo "(warden_finance_wait_seconds: budget facts, limits, reservation and settlement on the request's path):"
  for t in "${targets[@]}"; do
    [ -n "${R_FIN_WAIT[$t]:-}" ] && [ "${R_FIN_WAIT[$t]}" != "-" ] || continue
    printf '  %-46s %s\n' "$(finance_label "$t")" "$(waits_text "${R_FIN_WAIT[$t]}")"
  done
  echo "by phase (warden_finance_phase_seconds; each request counts in the phases it ran):"
  for t in "${targets[@]}"; do
    for ph in "${finance_phases[@]}"; do
      [ -n "${R_FIN_PHASE[$t,$ph]:-}" ] && [ "${R_FIN_PHASE[$t,$ph]}" != "-" ] || continue
      printf '  %-46s %-20s %s\n' "$(finance_label "$t")" "$ph" "$(waits_text "${R_FIN_PHASE[$t,$ph]}")"
    done
  done
  if [ -n "${R_P99[finance-off]:-}" ]; then
    # What a mode adds at p99 cannot be less than what it adds at p50; a p99 difference below the
    # p50 one (or below zero) is the noise of the two p99s, so the verdict takes the larger.
    verdict() { awk -v t="$1" -v p50="$2" -v off50="$3" -v p99="$4" -v off99="$5" 'BEGIN {
      a = p50 - off50; b = p99 - off99; added = (a > b) ? a : b;
      printf "adds %.3f ms (the larger of +p50 %.3f and +p99 %.3f): %s\n", added, a, b, (added <= t) ? "met" : "NOT met" }'; }
    echo
    echo "targets (issue 5):"
    # measured in the gateway: the p99 bucket's upper bound (the histogram's resolution) against the target
    inside() { awk -v w="$1" -v t="$2" 'BEGIN { split(w, a, " "); if (w == "-" || w == "") { print "not measured"; exit }
      ok = (a[2] != "inf" && a[2] / 1000 <= t); printf "p99 <= %s us: %s", a[2], ok ? "met" : "NOT met" }'; }
    if [ -n "${R_P99[finance-embedded]:-}" ]; then
      echo "  embedded store adds <= 0.5 ms at p99: end to end $(verdict 0.5 "${R_P50[finance-embedded]}" \
        "${R_P50[finance-off]}" "${R_P99[finance-embedded]}" "${R_P99[finance-off]}")"
      echo "    in the gateway: $(inside "${R_FIN_WAIT[finance-embedded]:-}" 0.5)"
    fi
    if [ -n "${R_P99[finance-pg]:-}" ]; then
      echo "  PostgreSQL + Redis adds <= 2 ms at p99: end to end $(verdict 2 "${R_P50[finance-pg]}" "${R_P50[finance-off]}" \
        "${R_P99[finance-pg]}" "${R_P99[finance-off]}")"
      echo "    in the gateway: $(inside "${R_FIN_WAIT[finance-pg]:-}" 2)"
    fi
  fi
} | tee "$work/table.txt"
if [ -n "${LOADBENCH_OUT:-}" ]; then cp "$work/table.txt" "$LOADBENCH_OUT"; fi
