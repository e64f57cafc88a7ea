import { CliError } from '../errors.js'

/**
 * A generator refused its input or its target tree: bad names or field specs, a conflict,
 * a missing anchor in a generator-owned file. Exit code 1; the message says what to fix.
 */
export class GenError extends CliError {
  override name = 'GenError'

  /** @param message What went wrong and what to do about it. */
  constructor(message: string) {
    super(message, 1)
  }
}
