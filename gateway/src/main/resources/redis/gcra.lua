-- GCRA rate limit, atomic per key. Times in milliseconds, taken from the Redis server clock so
-- every gateway replica agrees on "now".
-- KEYS[1] = bucket key; ARGV[1] = emission interval (period / limit, ms, may be fractional);
-- ARGV[2] = burst (requests allowed back to back); ARGV[3] = '1' to only look (nothing is drawn).
-- Returns {allowed 0|1, remaining, ms until the budget is full, ms until retry (0 if allowed)}.
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then
  tat = now
end
local new_tat = tat + interval
local allow_at = new_tat - interval * burst
if now < allow_at then
  return {0, 0, math.ceil(tat - now), math.ceil(allow_at - now)}
end
if ARGV[3] == '1' then
  return {1, math.floor((now - allow_at) / interval), math.ceil(tat - now), 0}
end
redis.call('SET', KEYS[1], string.format('%.3f', new_tat), 'PX', math.ceil(new_tat - now))
return {1, math.floor((now - allow_at) / interval), math.ceil(new_tat - now), 0}
