/**
 * The binding types (`worker-configuration.d.ts`) follow wrangler.jsonc: after a generator
 * run changed the config, the service's own `npm run cf-typegen` (`wrangler types`) runs.
 * Best effort: the files are written and correct either way, so a failure prints the command.
 */
import { exec } from '../create/exec.js'
import type { Plan } from './plan.js'
import { wranglerConfigPath } from './wrangler-config.js'

/** Regenerates the binding types in the service at `root`; resolves whether it succeeded. */
export type Typegen = (root: string) => Promise<boolean>

/** The real one: the service's `npm run cf-typegen` (wrangler needs Node >= 22.12). */
export const npmTypegen: Typegen = async (root) => {
  const result = await exec('npm', ['run', 'cf-typegen'], { cwd: root, shell: process.platform === 'win32' }).catch(
    () => undefined,
  )
  return result?.code === 0
}

/** Whether an applied plan wrote wrangler.jsonc. */
export function changesConfig(plan: Plan): boolean {
  return plan.entries.some(
    (entry) => entry.path === wranglerConfigPath && (entry.outcome === 'create' || entry.outcome === 'update'),
  )
}

/** Run `typegen` (when given) and say what the user has left to do. */
export async function followConfig(root: string, typegen: Typegen | undefined): Promise<string> {
  const todo = 'Run `npm run cf-typegen` so the binding types follow wrangler.jsonc.'
  if (!typegen) return todo
  return (await typegen(root))
    ? 'Ran `npm run cf-typegen`: worker-configuration.d.ts follows wrangler.jsonc.'
    : `\`npm run cf-typegen\` failed (it needs Node >= 22.12). ${todo}`
}
