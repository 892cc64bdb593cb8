-- wrk script: sends BENCH_AUTHORIZATION (when set) as the Authorization header and
-- prints one line "BENCH_JSON {...}" with the figures bench/loadgen.py reads.
-- Latencies are in microseconds, as wrk measures them.

local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end

-- BENCH_COOKIE (when set): a signed-in web session, for pages.
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

-- BENCH_PATHS (paths separated by newlines), when set: each request takes the next one,
-- round the list, so a search is measured over many different queries, not one.
local paths = {}
for path in (os.getenv("BENCH_PATHS") or ""):gmatch("[^\n]+") do
  paths[#paths + 1] = path
end
if #paths > 0 then
  local next_path = 0
  request = function()
    next_path = next_path % #paths + 1
    return wrk.format(nil, paths[next_path])
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "max": %d}, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max,
    e.connect, e.read, e.write, e.status, e.timeout
  ))
end
