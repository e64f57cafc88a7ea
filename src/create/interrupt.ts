import { CancelledError } from '../errors.js'

/**
 * Run `task` with an AbortSignal that fires on Ctrl-C (SIGINT), instead of letting SIGINT
 * kill the process mid-way: the task can then clean up (remove its temp dir, let a child
 * process finish) and fail with a CancelledError. The default SIGINT behaviour is restored
 * when the task settles.
 */
export async function withInterrupt<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const onSigint = () => controller.abort(new CancelledError())
  process.on('SIGINT', onSigint)
  try {
    return await task(controller.signal)
  } finally {
    process.off('SIGINT', onSigint)
  }
}

/** Throw the CancelledError if `signal` has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new CancelledError()
}
