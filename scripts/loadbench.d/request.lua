-- wrk script of scripts/loadbench: POSTs the JSON body in $LOADBENCH_BODY with the key in
-- $LOADBENCH_KEY (none when empty). With $LOADBENCH_RATE (requests per second over all
-- connections) each connection waits a random think time between requests, so the offered
-- load is about that rate and latency is measured below saturation; wrk starts a request's
-- clock when it sends it, so the think time is not part of the latency.
local f = assert(io.open(os.getenv("LOADBENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("LOADBENCH_KEY") or ""
if key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end

local rate = tonumber(os.getenv("LOADBENCH_RATE") or "0") or 0
local connections = tonumber(os.getenv("LOADBENCH_CONNECTIONS") or "32") or 32
local think = 0
if rate > 0 then
  think = connections * 1000 / rate
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

if think > 0 then
  function delay()
    return math.random(0, math.floor(2 * think))
  end
end
