-- reply.lua — POST a reply to a random invitation from BENCH_IDS
-- (invitations to the benchmark user's unit), as JSON with a bearer
-- token. Alternates attend and decline so every request changes a row.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local ids_mod = require("ids")
local ids, headers
local n = 0

function init(args)
	math.randomseed(os.time() + math.floor(os.clock() * 1000000))
	ids = ids_mod.load()
	headers = {
		["Authorization"] = "Bearer " .. os.getenv("BENCH_AUTH"),
		["Content-Type"] = "application/json",
	}
end

function request()
	n = n + 1
	local body
	if n % 2 == 0 then
		body = '{"reply":"attend","ongoing_interventions":"Stödsamtal varannan vecka"}'
	else
		body = '{"reply":"decline","decline_reason":"Ingen aktuell insats"}'
	end
	return wrk.format("POST", "/api/v1/invitations/" .. ids_mod.pick(ids) .. "/reply",
	                  headers, body)
end
