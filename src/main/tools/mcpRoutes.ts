// The MCP server's Streamable HTTP route on the core's own loopback server: behind the same token, Host
// and Origin checks as every route. Stateless: each POST gets a server and transport of its own and is
// answered as plain JSON; GET and DELETE, which only sessions use, are answered 405 by the router.
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { z } from 'zod'
import type { ToolBox } from '../../shared/tools'
import { readJsonBody } from '../server/body'
import type { Route } from '../server/httpServer'
import { createMcpServer } from './mcpServer'

export const mcpRoutePath = '/api/mcp'

/** POST /api/mcp: one stateless Streamable HTTP exchange; the transport answers itself. */
export function createMcpRoute(toolBox: ToolBox, version: string): Route {
  return {
    method: 'POST',
    path: mcpRoutePath,
    async handle({ request, response }) {
      // Any JSON: the transport checks it is JSON-RPC and answers in kind.
      const message = await readJsonBody(request, z.unknown())
      const server = createMcpServer(toolBox, version)
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true })
      response.on('close', () => void server.close())
      await server.connect(transport)
      await transport.handleRequest(request, response, message)
      return undefined
    },
  }
}
