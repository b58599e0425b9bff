-- wrk script: POST the demo journey's order as fast as the daemon takes it, each with its own
-- Idempotency-Key (as the guest app sends), and report orders/s with p50/p99 latency.
local token = os.getenv("BENCH_TOKEN")
local tenant = "11111111-1111-1111-1111-111111111111"
local body = '{"table_id":"tbl-005","items":[' ..
  '{"menu_item_id":"item_001","quantity":2,"special_instructions":null},' ..
  '{"menu_item_id":"item_003","quantity":1,"special_instructions":null},' ..
  '{"menu_item_id":"item_005","quantity":3,"special_instructions":null}]}'
-- Keys must never repeat, or the daemon answers a replay instead of placing an order: a run id
-- from the environment (one per wrk run), the thread's own number, and a counter. `thread:set`
-- sets a *global* in the thread's Lua state, so `thread_id` below must not be a script-level local.
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local counter = 0
local next_thread = 0

setup = function(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

request = function()
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. run .. "-" .. thread_id .. "-" .. counter,
  }
  return wrk.format("POST", "/api/orders?tenant_id=" .. tenant, headers, body)
end

response = function(status, headers, body)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rate=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
