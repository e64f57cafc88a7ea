import { type Exec, exec as realExec } from './exec.js'
import { type PackageManager, runScriptCommand } from './package-manager.js'

/**
 * The service's own scripts create runs once its dependencies are installed, so what they
 * write lands in the first commit. Each is best effort: the project is complete without
 * it, and a failure prints how to run it by hand.
 */
export const postInstallScripts = [
  {
    script: 'cf-typegen',
    doing: 'Generating the Env types',
    done: 'Generated the Env types (worker-configuration.d.ts).',
    purpose: 'to generate the Env types for your editor (needs Node >= 22.12)',
  },
  {
    script: 'openapi',
    doing: 'Building the OpenAPI document',
    done: 'Built the OpenAPI document (public/openapi.json) from the routes, and the client types (client/api.d.ts) from it.',
    purpose:
      'to build public/openapi.json, which /openapi.json serves and the tests compare with the routes, and the client types in client/api.d.ts',
  },
] as const satisfies ReadonlyArray<{ script: string; doing: string; done: string; purpose: string }>

export type PostInstallScript = (typeof postInstallScripts)[number]

/** What running one script did: its message for the user either way. */
export type ScriptOutcome = { status: 'done'; message: string } | { status: 'failed'; message: string }

/** Run one of the service's scripts with its package manager; never throws. */
export async function runPostInstallScript(
  pm: PackageManager,
  projectDir: string,
  step: PostInstallScript,
  exec: Exec = realExec,
): Promise<ScriptOutcome> {
  const command = runScriptCommand(pm, step.script)
  const failed: ScriptOutcome = { status: 'failed', message: `Run \`${command}\` ${step.purpose}.` }
  try {
    const [, ...args] = command.split(' ') // the first word is `pm`
    const result = await exec(pm, args, { cwd: projectDir, shell: process.platform === 'win32' })
    return result.code === 0 ? { status: 'done', message: step.done } : failed
  } catch {
    return failed
  }
}
