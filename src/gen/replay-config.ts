/**
 * The replayed wrangler.jsonc reconciled with the service's own, for what the recorded runs
 * cannot tell: the Durable Object migrations of classes destroyed since, and the layout the
 * file took on as runs came and went.
 */
import { createScanner, type JSONScanner, type SyntaxKind } from 'jsonc-parser'
import { withMigrationHistory } from './durable-objects.js'

/**
 * `replayed` with the service's Durable Object migration history, and in the service's own
 * layout when the two differ only in whitespace (Biome keeps an object expanded once it was:
 * a binding added then destroyed leaves its scope's objects on several lines, which a replay
 * without the destroyed run writes on one).
 *
 * @param service The service's wrangler.jsonc as it is on disk.
 */
export function reconcileConfig(replayed: string, service: string): string {
  const reconciled = withMigrationHistory(replayed, service)
  return sameTokens(reconciled, service) ? service : reconciled
}

// SyntaxKind is a const enum, which this project's isolated modules cannot read: its values.
const lineBreakTrivia = 14
const trivia = 15
const eof = 17

/** Whether two JSONC texts hold the same tokens, comments included, whitespace aside. */
function sameTokens(a: string, b: string): boolean {
  const left = createScanner(a, false)
  const right = createScanner(b, false)
  for (;;) {
    const kind = nextToken(left)
    if (kind !== nextToken(right) || left.getTokenValue() !== right.getTokenValue()) return false
    if (kind === eof) return true
  }
}

function nextToken(scanner: JSONScanner): SyntaxKind {
  for (;;) {
    const kind = scanner.scan()
    if (kind !== trivia && kind !== lineBreakTrivia) return kind
  }
}
