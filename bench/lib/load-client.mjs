// The load generator, run as its own process (so its CPU is not the server's):
//   node load-client.mjs '<json: { url, method, headers, body, connections, duration }>'
// Prints one JSON line with autocannon's summary.
import autocannon from 'autocannon'

const cfg = JSON.parse(process.argv[2])
const result = await autocannon({
  url: cfg.url,
  method: cfg.method ?? 'GET',
  headers: cfg.headers ?? {},
  body: cfg.body,
  connections: cfg.connections,
  duration: cfg.duration,
  pipelining: 1,
  timeout: 10,
})
const statusCodes = {}
for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = v.count
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    durationS: result.duration,
    reqPerSec: result.requests.total / result.duration,
    reqPerSecAvg: result.requests.average,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    statusCodes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
)
