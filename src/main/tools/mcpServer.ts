// Vigil as an MCP server, with the official SDK: the tool box's tools listed and called over Streamable
// HTTP (mcpRoutes.ts) and over stdio (the `mcp` command). The low-level Server, not McpServer: the tools
// are defined once in the tool box, their arguments already as JSON Schema, and McpServer wants zod shapes.
// What an MCP host does with a result is unknown (its model may be anywhere), so calls count as off the machine.
import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool as McpTool } from '@modelcontextprotocol/sdk/types.js'
import type { ToolBox } from '../../shared/tools'
const instructions =
  'Vigil records this machine: metrics every second, the top processes every few seconds, log lines of the ' +
  'sources it follows, alerts and gaps. Start with list_events or query_metric over the time in question, then ' +
  'top_processes and search_logs around what you find. Times are ISO 8601 with the UTC offset, or relative (-15m).'

/** An MCP server over the tool box: tools/list and tools/call, nothing else. */
export function createMcpServer(toolBox: ToolBox, version: string): Server {
  const server = new Server({ name: 'vigil', version }, { capabilities: { tools: {} }, instructions })
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: toolBox.specs().map((spec): McpTool => ({
      name: spec.name,
      description: spec.description,
      inputSchema: spec.parameters as McpTool['inputSchema'],
      annotations: { readOnlyHint: true, openWorldHint: false },
    })),
  }))
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const result = await toolBox.call(request.params.name, request.params.arguments ?? {}, {
      isOffMachine: true,
      signal: extra.signal,
    })
    return { content: [{ type: 'text', text: result.text }], isError: result.isError }
  })
  return server
}

/** Serves the tool box on this process's stdin and stdout until the host closes them. */
export async function serveMcpOverStdio(toolBox: ToolBox, version: string): Promise<{ closed: Promise<void> }> {
  const server = createMcpServer(toolBox, version)
  const closed = new Promise<void>((resolve) => (server.onclose = resolve))
  await server.connect(new StdioServerTransport())
  process.stdin.once('end', () => void server.close())
  return { closed }
}
