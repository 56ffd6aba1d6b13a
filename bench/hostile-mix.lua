-- The hostile mix of bench/hostile-mix.mjs: per request, one of a fixed 20-slot cycle
-- (11 HIT, 3 STALE candidates, 3 first visits, 3 404s). Counts answers by status class and by
-- x-fresco-cache, and prints one JSON line (prefixed HOSTILE_MIX) from done().
-- Arguments (after `--`): <threads> <first id of the first visits>

local CYCLE = {
  'hit-home', 'hit-post', 'stale-where', 'first', 'hit-home', 'notfound-path', 'hit-post',
  'stale-echo', 'hit-home', 'first', 'hit-post', 'notfound-id', 'hit-home', 'stale-where',
  'hit-post', 'first', 'hit-home', 'notfound-path', 'hit-post', 'hit-home',
}

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set('tid', thread_count)
  table.insert(threads, thread)
end

function init(args)
  stride = tonumber(args[1])
  next_id = tonumber(args[2]) + tid - 1
  n = 0
  s2, s3, s4, s5, other = 0, 0, 0, 0, 0
  hit, stale, miss, nocache = 0, 0, 0, 0
  first_visits = 0
end

function request()
  n = n + 1
  local kind = CYCLE[(n % #CYCLE) + 1]
  local path
  if kind == 'hit-home' then
    path = '/'
  elseif kind == 'hit-post' then
    path = '/posts/5'
  elseif kind == 'stale-where' then
    path = '/where'
  elseif kind == 'stale-echo' then
    path = '/api/echo'
  elseif kind == 'first' then
    -- ids never repeat, across threads too: each thread takes every stride-th id
    path = '/posts/' .. next_id
    next_id = next_id + stride
    first_visits = first_visits + 1
  elseif kind == 'notfound-path' then
    path = '/no/such/' .. tid .. '-' .. n
  else
    path = '/posts/abc' .. tid .. '-' .. n
  end
  -- As a browser asks: cached entries are compressed for the codings clients accept.
  return wrk.format('GET', path, { ['Accept-Encoding'] = 'gzip, deflate, br' })
end

function response(status, headers, body)
  if status >= 500 then
    s5 = s5 + 1
  elseif status >= 400 then
    s4 = s4 + 1
  elseif status >= 300 then
    s3 = s3 + 1
  elseif status >= 200 then
    s2 = s2 + 1
  else
    other = other + 1
  end
  local cache = headers['x-fresco-cache'] or headers['X-Fresco-Cache']
  if cache == 'HIT' then
    hit = hit + 1
  elseif cache == 'STALE' then
    stale = stale + 1
  elseif cache == 'MISS' then
    miss = miss + 1
  else
    nocache = nocache + 1
  end
end

function done(summary, latency, requests)
  local sums = {}
  local names = { 's2', 's3', 's4', 's5', 'other', 'hit', 'stale', 'miss', 'nocache', 'first_visits' }
  for _, name in ipairs(names) do
    sums[name] = 0
  end
  local last_id = 0
  for _, thread in ipairs(threads) do
    for _, name in ipairs(names) do
      sums[name] = sums[name] + (thread:get(name) or 0)
    end
    last_id = math.max(last_id, (thread:get('next_id') or 0) - (thread:get('stride') or 0))
  end
  local e = summary.errors
  local fields = {
    string.format('"requests":%d', summary.requests),
    string.format('"durationUs":%d', summary.duration),
    string.format('"bytes":%d', summary.bytes),
    string.format('"p50Us":%d', latency:percentile(50)),
    string.format('"p90Us":%d', latency:percentile(90)),
    string.format('"p99Us":%d', latency:percentile(99)),
    string.format('"maxUs":%d', latency.max),
    string.format('"connect":%d', e.connect),
    string.format('"read":%d', e.read),
    string.format('"write":%d', e.write),
    string.format('"timeout":%d', e.timeout),
    string.format('"statusErrors":%d', e.status),
    string.format('"lastFirstVisitId":%d', last_id),
  }
  for _, name in ipairs(names) do
    table.insert(fields, string.format('"%s":%d', name, sums[name]))
  end
  io.write('HOSTILE_MIX {' .. table.concat(fields, ',') .. '}\n')
end
