/**
 * Typed errors carry their exit code, so modules can fail without calling `process.exit`:
 * the one top-level handler (`cli/run.ts`) prints the message and sets the code.
 */

/** An expected failure the user can act on: printed without a stack trace. */
export class CliError extends Error {
  override name = 'CliError'

  /**
   * @param message What went wrong and, where possible, what to do about it.
   * @param exitCode Process exit code (default 1).
   */
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

/** The user cancelled (prompt cancel or Ctrl-C): exit 130 like a shell does for SIGINT. */
export class CancelledError extends CliError {
  override name = 'CancelledError'

  constructor(message = 'Cancelled.') {
    super(message, 130)
  }
}
