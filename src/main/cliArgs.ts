// Browser mode's command line: `vigil-serve [--port N] [--data-dir DIR] [--open]`, and the MCP
// command's: `vigil-serve mcp [--data-dir DIR]`.
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

export interface McpOptions {
  dataDir: string | undefined
  help: boolean
}

export const mcpUsage = `Usage: npm run mcp -- [--data-dir DIR]   (or: node out/main/cli.js mcp [--data-dir DIR])

Serves Vigil's read-only tools to an MCP host over stdin and stdout, from the data folder's recorder
database (read beside a running Vigil, or alone) and log sources.

  --data-dir DIR  the data folder to read (default: the desktop app's folder)
  --help          show this text`

/** The arguments after `mcp`; throws an Error whose message says what was wrong. */
export function parseMcpArgs(args: string[]): McpOptions {
  const { values } = parseArgs({
    args,
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  })
  const dataDir = values['data-dir']
  if (dataDir === '') throw new Error('--data-dir needs a folder')
  return { dataDir, help: values.help ?? false }
}
