// The tools capability: the read-only tools the AI uses to look at this machine for itself (recorded
// metrics, top processes, log lines, alerts and marks, the machine itself), defined once and offered
// through one ToolBox (src/shared/tools.ts) to chat's function calling and to MCP hosts, over the core's
// /api/mcp route and over stdio (the `mcp` command). Its face: createTools(deps) -> { routes, dispose, api }.
import type { MachineInfo } from '../../shared/protocol'
import type { ToolBox } from '../../shared/tools'
import type { Capability } from '../capability'
import type { Logs } from '../logs'
import type { RecorderReader } from '../recorder'
import { createEventTool } from './eventTool'
import { createLogTool } from './logTool'
import { createMachineTool } from './machineTool'
import { createMcpRoute } from './mcpRoutes'
import { createMetricTool } from './metricTool'
import { createProcessTool } from './processTool'
import { createToolBox } from './toolBox'

export { serveMcpOverStdio } from './mcpServer'
export { mcpRoutePath } from './mcpRoutes'
export { redactText } from './redactor'

export interface ToolsDeps {
  recorder: RecorderReader
  logs: Pick<Logs, 'list' | 'scan' | 'isSensitive'>
  machineInfo(): Promise<MachineInfo>
  /** Vigil's version, as the MCP server names itself. */
  version: string
  now?: () => number
}

export function createTools(deps: ToolsDeps): Capability<ToolBox> {
  const toolBox = createToolBox(
    [
      createMetricTool(deps.recorder),
      createProcessTool(deps.recorder),
      createLogTool(deps.recorder, deps.logs),
      createEventTool(deps.recorder),
      createMachineTool(deps.machineInfo),
    ],
    deps.now,
  )
  return { api: toolBox, routes: [createMcpRoute(toolBox, deps.version)], dispose: () => undefined }
}
