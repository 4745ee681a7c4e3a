// Where the openai SDK's own log goes: into Vigil's log (component "openai"), not the console. Left to
// itself the SDK writes to stderr, where nobody using the app reads it, and its words ("Could not parse
// message into JSON") say less than the failure Vigil shows for the same event; in Vigil's log they stay
// readable in the Logs view and in browser mode's terminal, beside what Vigil made of them.
import type { ClientOptions } from 'openai'
import type { Logger } from '../logger'

type OpenAILogger = NonNullable<ClientOptions['logger']>

const component = 'openai'

/** The SDK's message and any values it adds, as one line. */
function lineOf(message: unknown, rest: unknown[]): string {
  return [message, ...rest]
    .map((part) => (typeof part === 'string' ? part : part instanceof Error ? part.message : JSON.stringify(part)))
    .join(' ')
}

function sdkLoggerOf(logger: Logger): OpenAILogger {
  return {
    error: (message, ...rest) => logger.error(component, lineOf(message, rest)),
    warn: (message, ...rest) => logger.warn(component, lineOf(message, rest)),
    info: (message, ...rest) => logger.info(component, lineOf(message, rest)),
    debug: (message, ...rest) => logger.debug(component, lineOf(message, rest)),
  }
}

/** A client's log options: the SDK's warnings and errors into Vigil's log; without a log, none (never the console). */
export function sdkLogOptions(logger: Logger | undefined): Pick<ClientOptions, 'logger' | 'logLevel'> {
  return logger ? { logger: sdkLoggerOf(logger), logLevel: 'warn' } : { logLevel: 'off' }
}
