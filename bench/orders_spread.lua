-- wrk script: orders as a service places them, spread over the demo's 10 tables and a party of guests
-- (BENCH_TOKENS, comma-separated; guest g always sits at table g % 10 + 1), with portions and add-ons, each with its own
-- Idempotency-Key, counting the 201s so the bench can check them against the daemon's own count.
--
-- wrk runs this script once per thread, each in its own Lua state. `thread:set` sets a *global* in
-- that state, so `thread_id` and `created` below are globals: a top-level `local` would be a
-- different variable that `thread:set` and `thread:get` never see.
local tokens = {}
for token in string.gmatch(os.getenv("BENCH_TOKENS") or "", "[^,]+") do tokens[#tokens + 1] = token end
local tenant = "11111111-1111-1111-1111-111111111111"
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local dishes = {
  '{"menu_item_id":"item_001","quantity":2},{"menu_item_id":"item_003","quantity":1},{"menu_item_id":"item_005","quantity":3}',
  '{"menu_item_id":"item_002","quantity":1,"variant_id":"half","options":["hot"]},{"menu_item_id":"item_006","quantity":2}',
  '{"menu_item_id":"item_004","quantity":1,"options":["extra-butter"]},{"menu_item_id":"item_003","quantity":2},{"menu_item_id":"item_001","quantity":1}',
}
local counter = 0
local threads = {}
created = 0

setup = function(thread)
  thread:set("thread_id", #threads)
  threads[#threads + 1] = thread
end

request = function()
  counter = counter + 1
  local guest = (counter * 7 + thread_id * 3) % #tokens
  local body = '{"table_id":"' .. string.format("tbl-%03d", guest % 10 + 1) .. '","items":[' ..
    dishes[counter % #dishes + 1] .. ']}'
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[guest + 1],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "spread-" .. run .. "-" .. thread_id .. "-" .. counter,
  }
  return wrk.format("POST", "/api/orders?tenant_id=" .. tenant, headers, body)
end

response = function(status, headers, body)
  if status == 201 then created = created + 1 end
end

done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("created") end
  io.write(string.format("RESULT requests=%d duration_s=%.2f rate=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d created=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status, total))
end
