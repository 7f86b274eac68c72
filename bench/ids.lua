-- ids.lua — shared by the wrk scripts: read ids (one per line) from the
-- file named by the environment variable BENCH_IDS, and pick one at
-- random per request. Each wrk thread loads the file once.
local M = {}

function M.load(var)
	local path = os.getenv(var or "BENCH_IDS")
	local ids = {}
	for line in io.lines(path) do
		ids[#ids + 1] = line
	end
	assert(#ids > 0, "no ids in " .. path)
	return ids
end

function M.pick(ids)
	return ids[math.random(#ids)]
end

return M
