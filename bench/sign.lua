-- wrk script: POST /api/v1/petitions/{id}/signatures with a new e-mail address in every request, as a petition
-- going viral sees them. The path comes from the wrk URL; each thread numbers its requests in its own range, so
-- that no address repeats (a repeat would be answered 409, which wrk counts as "Non-2xx").
--
--   wrk -t2 -c64 -d20s --latency -s bench/sign.lua http://127.0.0.1:18180/api/v1/petitions/1/signatures

local next_thread = 0

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  -- A run-specific prefix (BENCH_RUN) keeps addresses unique across runs against the same database.
  prefix = (os.getenv("BENCH_RUN") or tostring(os.time())) .. "-" .. tostring(thread_number)
  counter = 0
  accepted = 0
  refused = 0
  headers = { ["Content-Type"] = "application/json" }
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"name":"Last Test","email":"signer-%s-%d@bench.example","postcode":"04668","public":false}',
    prefix, counter)
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
  else
    refused = refused + 1
    if refused <= 3 then io.stderr:write("unexpected answer " .. status .. ": " .. body .. "\n") end
  end
end
