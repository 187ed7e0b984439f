-- Per-user daily quota, atomic per key: add ARGV[1] to the counter unless that would pass the
-- limit ARGV[2]. The key names the UTC day; ARGV[3] = seconds to keep it (past that midnight).
-- Returns {allowed 0|1, used after this request (or before it, when refused)}.
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used + cost > limit then
  return {0, used}
end
used = redis.call('INCRBY', KEYS[1], cost)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return {1, used}
