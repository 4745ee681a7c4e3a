// Browser mode's command line: `vigil-serve [--port N] [--data-dir DIR] [--open]`.
import { parseArgs } from 'node:util'

export interface ServeOptions {
  port: number
  dataDir: string | undefined
  open: boolean
  help: boolean
}

export const serveUsage = `Usage: npm run serve -- [--port N] [--data-dir DIR] [--open]

  --port N        listen on 127.0.0.1:N (default: a free port chosen by the system)
  --data-dir DIR  keep settings and data in DIR (default: the desktop app's folder)
  --open          open the UI in the default browser
  --help          show this text`

/** Throws an Error whose message says what was wrong with the arguments. */
export function parseServeArgs(args: string[]): ServeOptions {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      open: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  })
  let port = 0
  if (values.port !== undefined) {
    port = Number(values.port)
    if (!/^\d+$/.test(values.port) || port > 65535)
      throw new Error(`--port takes a whole number from 0 to 65535, not ${JSON.stringify(values.port)}`)
  }
  const dataDir = values['data-dir']
  if (dataDir === '') throw new Error('--data-dir needs a folder')
  return { port, dataDir, open: values.open ?? false, help: values.help ?? false }
}
