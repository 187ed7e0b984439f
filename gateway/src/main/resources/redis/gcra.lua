-- GCRA rate limits, atomic over every key of one call. Times in milliseconds, taken from the Redis
-- server clock so every gateway replica agrees on "now".
-- KEYS[i] = bucket key i; ARGV[3i-2] = its emission interval (period / limit, ms, may be fractional);
-- ARGV[3i-1] = its burst (requests allowed back to back); ARGV[3i] = the most requests to draw at once
-- (a gateway replica's lease of a large budget), as many as fit, at least one; '0' to only look at it.
-- Every key is decided against the same now, and the draws are written only when every key allows,
-- so a request refused by one budget costs nothing from the others.
-- Returns four numbers per key, in order: requests drawn (0 = refused; a look that would allow one
-- returns 1), remaining after them, ms until the budget is full, ms until retry (0 if allowed).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
local draws = {}
local allowed = true
for i = 1, #KEYS do
  local interval = tonumber(ARGV[3 * i - 2])
  local burst = tonumber(ARGV[3 * i - 1])
  local tat = tonumber(redis.call('GET', KEYS[i]))
  if tat == nil or tat < now then
    tat = now
  end
  local most = tonumber(ARGV[3 * i])
  -- requests that fit now: the largest n with tat + n * interval - burst * interval <= now
  local fit = math.floor((now - tat) / interval + burst + 1e-9)
  local n = #out
  if fit < 1 then
    allowed = false
    out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 0, 0, math.ceil(tat - now), math.ceil(tat + interval - interval * burst - now)
  elseif most < 1 then
    out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 1, fit - 1, math.ceil(tat - now), 0
  else
    local drawn = math.min(most, fit)
    local new_tat = tat + drawn * interval
    out[n + 1], out[n + 2], out[n + 3], out[n + 4] = drawn, fit - drawn, math.ceil(new_tat - now), 0
    draws[#draws + 1] = {KEYS[i], new_tat}
  end
end
if allowed then
  for _, draw in ipairs(draws) do
    -- %.17g keeps every bit of the TAT; an expiry of at least 1 ms, however small the interval
    redis.call('SET', draw[1], string.format('%.17g', draw[2]), 'PX', math.max(1, math.ceil(draw[2] - now)))
  end
end
return out
