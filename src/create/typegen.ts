import { exec as realExec, type Exec } from './exec.js'
import { runScriptCommand, type PackageManager } from './package-manager.js'

/** What generating the `Env` types did; never fatal, the project works without them. */
export type TypegenOutcome = { status: 'generated' } | { status: 'failed'; hint: string }

/**
 * Run the service's `cf-typegen` script (`wrangler types`) once after install, so
 * worker-configuration.d.ts exists for editors and lands in the first commit. Best effort:
 * on failure (e.g. Node older than wrangler needs) the caller prints the hint.
 */
export async function generateTypes(pm: PackageManager, projectDir: string, exec: Exec = realExec): Promise<TypegenOutcome> {
  const command = runScriptCommand(pm, 'cf-typegen')
  const hint = `Run \`${command}\` (needs Node >= 22.12) to generate the Env types for your editor.`
  try {
    const [bin, ...args] = command.split(' ')
    const result = await exec(bin!, args, { cwd: projectDir, shell: process.platform === 'win32' })
    return result.code === 0 ? { status: 'generated' } : { status: 'failed', hint }
  } catch {
    return { status: 'failed', hint }
  }
}
