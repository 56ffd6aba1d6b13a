-- Distinct never-cached pages for bench/workers.mjs: /posts/<offset + n>, one wrk thread.
local offset = 0
local n = 0
function init(args)
  offset = tonumber(args[1])
end
request = function()
  n = n + 1
  return wrk.format(nil, "/posts/" .. (offset + n))
end
