// The Lua scripts of the Redis handler. Each touches one key (Cluster-safe) and runs atomically,
// which is the whole point: check-then-act without a race between instances.

// Merges each tag's proposed {stale, expired} with what Redis holds (mergeTagStates in tag-order.ts,
// the same rule): the later stale, and an earlier deadline of the other still pending is kept. So
// Redis never moves a tag back, whatever order instances' updates arrive in, and each result is at
// least as late as what it replaces, which lets every mirror keep the latest state it saw.
// ARGV: channel, JSON origin, then tag/stale/expired triples. Publishes and returns the result.
export const UPDATE_TAGS = `local out = {}
for i = 3, #ARGV, 3 do
  local sf, ef = 's:' .. ARGV[i], 'e:' .. ARGV[i]
  local s, e = ARGV[i + 1], ARGV[i + 2]
  local cs, ce = redis.call('HGET', KEYS[1], sf), redis.call('HGET', KEYS[1], ef)
  if ce then -- (a stale field alone is foreign: pruning drops stale before its later expired)
    local olds, olde = cs, ce
    if cs and tonumber(cs) > tonumber(s) then olds, olde, s, e = s, e, cs, ce end
    local pending = tonumber(olde) > tonumber(s) or (olds and tonumber(olds) == tonumber(s))
    if pending and tonumber(olde) < tonumber(e) then e = olde end
  end
  if s ~= cs then redis.call('HSET', KEYS[1], sf, s) end
  if e ~= ce then redis.call('HSET', KEYS[1], ef, e) end
  out[#out + 1] = cjson.encode(sf) .. ':' .. s
  out[#out + 1] = cjson.encode(ef) .. ':' .. e
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
