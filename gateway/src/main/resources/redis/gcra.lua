-- GCRA rate limits, atomic over every key of one call. Times in milliseconds, taken from the Redis
-- server clock so every gateway replica agrees on "now".
-- KEYS[i] = bucket key i; ARGV[3i-2] = its emission interval (period / limit, ms, may be fractional);
-- ARGV[3i-1] = its burst (requests allowed back to back); ARGV[3i] = '1' to only look at it.
-- Every key is decided against the same now, and the draws are written only when every key allows,
-- so a request refused by one budget costs nothing from the others.
-- Returns four numbers per key, in order: allowed 0|1, remaining, ms until the budget is full,
-- ms until retry (0 if allowed).
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
  local new_tat = tat + interval
  local allow_at = new_tat - interval * burst
  local n = #out
  if now < allow_at then
    allowed = false
    out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 0, 0, math.ceil(tat - now), math.ceil(allow_at - now)
  elseif ARGV[3 * i] == '1' then
    out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 1, math.floor((now - allow_at) / interval), math.ceil(tat - now), 0
  else
    out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 1, math.floor((now - allow_at) / interval), math.ceil(new_tat - now), 0
    draws[#draws + 1] = {KEYS[i], new_tat}
  end
end
if allowed then
  for _, draw in ipairs(draws) do
    redis.call('SET', draw[1], string.format('%.3f', draw[2]), 'PX', math.ceil(draw[2] - now))
  end
end
return out
