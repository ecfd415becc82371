-- wrk script: POST /chat with questions about the seed articles, taken in turn.
-- Usage: wrk -t2 -c8 -d30s --latency -s docs/http_bench/chat.lua http://127.0.0.1:8000/chat
local questions = {
  "Who criticized Mayor Mitch Landrieu over the immigration policies?",
  "What did Attorney General Jeff Landry ask the Justice Department?",
  "Is Connecticut in compliance with the immigration information-sharing law?",
  "What does the New Orleans Police Department policy restrict?",
  "What did Landrieu say about being fully compliant?",
  "Who is Marlin Gusman?",
  "What did Jeff Sessions say about sanctuary cities?",
  "What is the boiling point of liquid nitrogen on Mars?",
}
local bodies = {}
for i, q in ipairs(questions) do
  bodies[i] = '{"question": "' .. q .. '"}'
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("RAGBOT_KEY") then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("RAGBOT_KEY")
end

local counter = 0
function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, bodies[(counter % #bodies) + 1])
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("non-200 responses: %d (socket errors: connect %d, read %d, write %d, timeout %d)\n",
    failures, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("median %.1f ms, p90 %.1f ms, p99 %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
