/**
 * Realtime channels (`honoforge gen channel`): clients ping every PING_INTERVAL_MS, and a
 * connection silent for the idle timeout is closed. A ping interval at or over the idle
 * timeout closes healthy connections; one at or over 100 s lets Cloudflare's edge cut them.
 * The client docs (docs/channels/<name>.md) state the interval too, and must agree.
 */
import { wranglerConfigPath } from '../gen/wrangler-config.js'
import { checkedScopes } from './service.js'
import type { Check, DoctorService, Issue } from './types.js'

/** How long Cloudflare's edge keeps a WebSocket with no traffic open. */
export const edgeIdleTimeoutMs = 100_000

/** A numeric constant of a module (`export const NAME = 20_000`), or `undefined`. */
export function numericConstant(source: string, name: string): number | undefined {
  const match = new RegExp(`export const ${name}\\s*=\\s*([\\d_]+)\\b`).exec(source)
  return match?.[1] ? Number(match[1].replaceAll('_', '')) : undefined
}

/** The ping interval a channel's client docs state (`pings every **20 s**`), in milliseconds. */
export function documentedInterval(docs: string): number | undefined {
  const seconds = /pings every \*\*(\d+(?:\.\d+)?) s\*\*/.exec(docs)?.[1]
  return seconds === undefined ? undefined : Number(seconds) * 1000
}

/** The idle-timeout var the channel reads (`this.env.CHAT_CHANNEL_IDLE_TIMEOUT_MS`). */
const idleVarOf = (source: string) => /this\.env\.([A-Z0-9_]+_IDLE_TIMEOUT_MS)\b/.exec(source)?.[1]

export const channelHeartbeat: Check = {
  id: 'channel-heartbeat',
  severity: 'error',
  description: "Each channel's ping interval is under its idle timeout in every scope, and under Cloudflare's 100 s",
  async check(service: DoctorService) {
    const issues: Issue[] = []
    for (const run of service.manifest.generated.filter((entry) => entry.generator === 'channel')) {
      const file = `src/channels/${run.name}/channel.ts`
      const source = await service.project.read(file)
      const ping = source === undefined ? undefined : numericConstant(source, 'PING_INTERVAL_MS')
      if (source === undefined || ping === undefined) continue
      const fallback = numericConstant(source, 'IDLE_TIMEOUT_MS')
      const idleVar = idleVarOf(source)
      // Clients are written from the docs: the interval they state is the one in use.
      const docsFile = `docs/channels/${run.name}.md`
      const documented = documentedInterval((await service.project.read(docsFile)) ?? '')
      if (documented !== undefined && documented !== ping) {
        issues.push({
          file: docsFile,
          message: `Tells clients to ping every ${documented / 1000} s, but PING_INTERVAL_MS in ${file} is ${ping} ms.`,
          fix: `Make the two agree: the interval in ${docsFile} ("pings every **N s**") and PING_INTERVAL_MS in ${file}`,
        })
      }
      const slowest = Math.max(ping, documented ?? 0)
      if (slowest >= edgeIdleTimeoutMs) {
        issues.push({
          file,
          message: `Channel ${run.name} pings every ${slowest} ms: Cloudflare's edge closes a WebSocket idle for ${edgeIdleTimeoutMs} ms first.`,
          fix: `Lower PING_INTERVAL_MS in ${file} (20000 is the generated value) and the interval in docs/channels/${run.name}.md`,
        })
      }
      for (const [where, scope] of checkedScopes(service)) {
        const configured = idleVar ? Number((scope.vars as Record<string, unknown> | undefined)?.[idleVar]) : Number.NaN
        const idle = Number.isInteger(configured) && configured > 0 ? configured : fallback
        if (idle === undefined || slowest < idle) continue
        issues.push({
          file: wranglerConfigPath,
          message: `Channel ${run.name} in ${where}: clients ping every ${slowest} ms but ${idleVar ?? 'the idle timeout'} is ${idle} ms, so healthy connections are closed as dead.`,
          fix: `Set ${idleVar ?? 'the idle timeout'} in ${where === 'the top level' ? 'vars' : `${where}.vars`} of ${wranglerConfigPath} to at least ${slowest * 3} (three missed pings)`,
        })
      }
    }
    return issues
  },
}
