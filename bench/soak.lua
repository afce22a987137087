-- wrk script of the mixed soak (bench/soak.py): run with -t4 -c64, so each thread holds 16
-- connections. The first thread is the signed-in client (her session cookie, her pages); the
-- other three are anonymous visitors. Each thread takes its URLs in turn, request by request.
-- Arguments after "--": the cookie, the anonymous paths and the signed-in paths ("|"-separated),
-- and the Accept-Encoding a browser sends (every request carries it).
-- Prints one JSON line: requests, errors and non-2xx answers (all and signed in), percentiles.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("signed_in", #threads == 1)
end

function init(args)
  local list = signed_in and args[3] or args[2]
  paths = {}
  for path in string.gmatch(list, "[^|]+") do
    table.insert(paths, path)
  end
  headers = { ["Accept-Encoding"] = args[4] }
  if signed_in then
    headers["Cookie"] = args[1]
  end
  sent, answered, not_ok = 0, 0, 0
end

function request()
  sent = sent + 1
  return wrk.format("GET", paths[(sent % #paths) + 1], headers)
end

function response(status, headers, body)
  answered = answered + 1
  if status < 200 or status > 299 then
    not_ok = not_ok + 1
  end
end

done = function(summary, latency, requests)
  local not_ok_all, signed_answered, signed_not_ok = 0, 0, 0
  for _, thread in ipairs(threads) do
    not_ok_all = not_ok_all + thread:get("not_ok")
    if thread:get("signed_in") then
      signed_answered = thread:get("answered")
      signed_not_ok = thread:get("not_ok")
    end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, '
      .. '"signed_in_requests": %d, "signed_in_non2xx": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, not_ok_all,
    signed_answered, signed_not_ok,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
