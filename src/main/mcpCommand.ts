// The `mcp` command: Vigil's tools for an MCP host over stdio, without a core. It reads the data folder's
// recorder database (read-only, beside a running Vigil or alone) and log files, and the machine itself.
// Stdout carries the protocol alone: anything to say goes to stderr.
import { resolve } from 'node:path'
import { version } from '../../package.json'
import { mcpUsage, parseMcpArgs, type McpOptions } from './cliArgs'
import { defaultDataDir } from './dataDir'
import { consoleSink, createLogger, type Logger } from './logger'
import { createLogs, createVigilLog } from './logs'
import { createMachineInfoReader } from './metrics'
import { openRecorderReader } from './recorder'
import type { Route } from './server/httpServer'
import { createTools, serveMcpOverStdio } from './tools'
import type { ToolBox } from '../shared/tools'

/** The tools over a data folder without a core: its recorder database read-only, its log sources, this machine. */
export async function openDataDirTools(
  dataDir: string,
  logger: Logger,
): Promise<{ toolBox: ToolBox; routes: Route[]; dispose(): Promise<void> }> {
  const recorder = openRecorderReader(dataDir)
  const logs = await createLogs({
    dataDir,
    epoch: 'mcp',
    logger,
    vigilLog: createVigilLog('mcp').source,
    keepAliveMs: 15_000,
  })
  const tools = createTools({ recorder: recorder.api, logs: logs.api, machineInfo: createMachineInfoReader(), version })
  return {
    toolBox: tools.api,
    routes: tools.routes,
    async dispose() {
      tools.dispose()
      await logs.dispose()
      recorder.dispose()
    },
  }
}

/** Serves until the host closes stdin; the exit code says whether the arguments and the data folder were usable. */
export async function runMcpCommand(args: string[]): Promise<void> {
  let options: McpOptions
  try {
    options = parseMcpArgs(args)
  } catch (error) {
    process.stderr.write(`vigil mcp: ${(error as Error).message}\n\n${mcpUsage}\n`)
    process.exitCode = 2
    return
  }
  if (options.help) {
    process.stderr.write(`${mcpUsage}\n`)
    return
  }
  const dataDir = resolve(options.dataDir ?? defaultDataDir())
  const tools = await openDataDirTools(dataDir, createLogger(consoleSink))
  const { closed } = await serveMcpOverStdio(tools.toolBox, version)
  await closed
  await tools.dispose()
}
