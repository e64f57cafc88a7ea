import { CancelledError, CliError } from '../errors.js'
import { exec as realExec, type Exec } from './exec.js'
import { withInterrupt } from './interrupt.js'
import { installCommand, type PackageManager } from './package-manager.js'

/**
 * Run `<pm> install` in the new project with the terminal attached. The project is kept on
 * failure: the error says where it is and how to retry.
 *
 * @param displayDir The directory as the user should `cd` to it, for the retry hint.
 * @throws CliError when the install fails or the package manager is missing;
 *   CancelledError on Ctrl-C.
 */
export async function installDependencies(
  pm: PackageManager,
  projectDir: string,
  displayDir: string,
  exec: Exec = realExec,
): Promise<void> {
  const retry = `The project was created in ${displayDir}; to retry: cd ${displayDir} && ${installCommand(pm)}`
  let result
  try {
    // Ctrl-C reaches the child through the terminal; we wait for it rather than die first.
    result = await withInterrupt((signal) => exec(pm, ['install'], { cwd: projectDir, inherit: true, signal, shell: process.platform === 'win32' }))
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw new CancelledError(`Install interrupted. ${retry}`)
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${pm} was not found on PATH. ${retry}`)
    throw error
  }
  if (result.signal === 'SIGINT' || result.code === 130) throw new CancelledError(`Install interrupted. ${retry}`)
  if (result.code !== 0) {
    const status = result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`
    throw new CliError(`${installCommand(pm)} failed (${status}). ${retry}`)
  }
}
