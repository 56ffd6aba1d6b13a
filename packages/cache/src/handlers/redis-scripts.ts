// The Lua scripts of the Redis handler. Each touches one key (Cluster-safe) and runs atomically,
// which is the whole point: check-then-act without a race between instances.

// Writes each field by its rule and announces the values Redis now holds, atomically. Rules:
// set = always; min = a soft expiry never postpones one still pending (nextTagState); max = replay,
// only forward. ARGV: channel, JSON origin, now, then field/value/rule triples. Returns the message.
export const UPDATE_TAGS = `local now, out = tonumber(ARGV[3]), {}
for i = 4, #ARGV, 3 do
  local f, v, rule = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local old = redis.call('HGET', KEYS[1], f)
  local o, n = tonumber(old), tonumber(v)
  if rule == 'set' or not o or (rule == 'max' and o < n) or (rule == 'min' and (o <= now or o > n)) then
    redis.call('HSET', KEYS[1], f, v)
    old = v
  end
  out[#out + 1] = cjson.encode(f) .. ':' .. old
end
local message = '{"o":' .. ARGV[2] .. ',"f":{' .. table.concat(out, ',') .. '}}'
redis.call('PUBLISH', ARGV[1], message)
return message`
// Deletes a field only if it still holds the value we judged too old (a concurrent update wins).
export const PRUNE_TAGS = `for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 1`

// Compare-and-delete / compare-and-pexpire: only the token that took the lease may touch it.
export const RELEASE_LEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`
export const RENEW_LEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`
