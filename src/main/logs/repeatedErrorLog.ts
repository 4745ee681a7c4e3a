// A followed file that keeps failing (EIO, EMFILE…) is checked again and again: its error is logged once,
// then counted, and the count is logged when the error changes or the checks succeed again.
import type { Logger } from '../logger'

/** Logs an error once, then counts repeats of it, and says how many when it stops or changes. */
export function createRepeatedErrorLog(logger: Logger, path: string) {
  let last: { message: string; repeats: number } | undefined
  const tellRepeats = () => {
    if (last && last.repeats > 0)
      logger.error('logs', `following ${path} failed: ${last.message} (${last.repeats} more times)`)
  }
  return {
    error(error: Error) {
      if (last?.message === error.message) {
        last.repeats += 1
        return
      }
      tellRepeats()
      last = { message: error.message, repeats: 0 }
      logger.error('logs', `following ${path} failed: ${error.message}`)
    },
    recovered() {
      tellRepeats()
      last = undefined
    },
  }
}
