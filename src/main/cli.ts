// Browser mode: the same core as the desktop app, in plain Node, serving the UI to a local browser; with
// `mcp` first, Vigil's tools for an MCP host over stdio instead (mcpCommand.ts).
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseServeArgs, serveUsage, type ServeOptions } from './cliArgs'
import { createCore } from './core'
import { defaultDataDir } from './dataDir'
import { runMcpCommand } from './mcpCommand'

async function main(): Promise<void> {
  if (process.argv[2] === 'mcp') return runMcpCommand(process.argv.slice(3))
  let options: ServeOptions
  try {
    options = parseServeArgs(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`vigil: ${(error as Error).message}\n\n${serveUsage}\n`)
    process.exitCode = 2
    return
  }
  if (options.help) {
    process.stdout.write(`${serveUsage}\n`)
    return
  }
  const core = await createCore({
    dataDir: resolve(options.dataDir ?? defaultDataDir()),
    staticDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    mode: 'browser',
    port: options.port,
  })
  process.stdout.write(`Vigil is running in browser mode. Open ${core.launchUrl}\n`)
  if (options.open) openInBrowser(core.launchUrl)

  let isStopping = false
  const stop = (signal: string): void => {
    if (isStopping) return
    isStopping = true
    process.stdout.write(`\n${signal}: stopping Vigil\n`)
    core.dispose().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`vigil: stopping failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]]
  const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true })
  child.on('error', (error) =>
    process.stderr.write(`vigil: could not open a browser (${error.message}); open the address above yourself\n`),
  )
  child.unref()
}

main().catch((error: unknown) => {
  process.stderr.write(`vigil: ${(error as Error)?.message ?? String(error)}\n`)
  process.exit(1)
})
