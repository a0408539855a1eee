-- bench/login.lua: wrk script for bench/run's login benchmark.
--
--   wrk -t2 -c8 -d10s -s bench/login.lua http://HOST:PORT/api/auth/login -- EMAIL PASSWORD
--
-- Every request is POST /api/auth/login with the same JSON body.  EMAIL and
-- PASSWORD go into the JSON as they are, so they must not hold quotes or
-- backslashes (bench/run's do not).  An answer other than 200 is counted,
-- and the total is printed last as "Non-200 responses: N", a line bench/run
-- refuses unless N is 0 (wrk's own "Non-2xx or 3xx responses" line misses
-- a 2xx or 3xx that is not 200).

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local threads = {}

-- In the main Lua state: remember each thread to read its count in done().
function setup(thread)
	table.insert(threads, thread)
end

-- In each thread's state; args[0] is the URL, then what follows "--".
function init(args)
	if #args ~= 2 then
		error("login.lua wants two arguments after --: EMAIL PASSWORD")
	end
	wrk.body = '{"email":"' .. args[1] .. '","password":"' .. args[2] .. '"}'
	non200 = 0
end

function response(status, headers, body)
	if status ~= 200 then
		non200 = non200 + 1
	end
end

function done(summary, latency, requests)
	local n = 0
	for _, thread in ipairs(threads) do
		n = n + (thread:get("non200") or 0)
	end
	io.write(string.format("Non-200 responses: %d\n", n))
end
