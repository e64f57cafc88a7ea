import { stripVTControlCharacters } from 'node:util'
import { CancelledError, CliError } from '../errors.js'
import { type Exec, type ExecResult, exec as realExec } from './exec.js'
import { withInterrupt } from './interrupt.js'
import { installCommand, type PackageManager } from './package-manager.js'

/** How much of a failed install's output the error quotes. */
const tailLines = 20

/**
 * Run `<pm> install` in the new project, capturing its output so its own progress display
 * does not break the create flow's screen. The project is kept on failure: the error quotes
 * the last lines of the package manager's output and says where the project is and how to retry.
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
  let result: ExecResult
  try {
    // Ctrl-C reaches the child through the terminal too; we wait for it rather than die first.
    result = await withInterrupt((signal) =>
      exec(pm, ['install'], { cwd: projectDir, signal, shell: process.platform === 'win32' }),
    )
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw new CancelledError(`Install interrupted. ${retry}`)
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${pm} was not found on PATH. ${retry}`)
    throw error
  }
  if (result.signal === 'SIGINT' || result.code === 130) throw new CancelledError(`Install interrupted. ${retry}`)
  if (result.code !== 0) {
    const status = result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`
    const tail = outputTail(result)
    const quoted = tail.length
      ? ` Its last lines:\n${tail.map((line) => `  ${line}`).join('\n')}\n`
      : ' It printed nothing. '
    throw new CliError(`${installCommand(pm)} failed (${status}).${quoted}${retry}`)
  }
}

/** The last non-blank lines a command printed, stdout then stderr (where errors end up). */
export function outputTail({ stdout, stderr }: Pick<ExecResult, 'stdout' | 'stderr'>, count = tailLines): string[] {
  const lines = stripVTControlCharacters(`${stdout}\n${stderr}`)
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
  return lines.slice(-count)
}
