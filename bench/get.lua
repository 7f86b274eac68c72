-- get.lua — GET BENCH_PATH with "{id}" replaced by a random id from
-- BENCH_IDS, authenticated by BENCH_AUTH (a bearer token) or BENCH_COOKIE.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local ids_mod = require("ids")
local ids, path, headers

function init(args)
	math.randomseed(os.time() + math.floor(os.clock() * 1000000))
	ids = ids_mod.load()
	path = os.getenv("BENCH_PATH")
	headers = {}
	local auth = os.getenv("BENCH_AUTH")
	if auth and #auth > 0 then
		headers["Authorization"] = "Bearer " .. auth
	end
	local cookie = os.getenv("BENCH_COOKIE")
	if cookie and #cookie > 0 then
		headers["Cookie"] = cookie
	end
end

function request()
	local p = path:gsub("{id}", ids_mod.pick(ids))
	return wrk.format("GET", p, headers)
end
