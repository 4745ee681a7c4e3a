// Vigil as an MCP server, driven by the official SDK's own client: over Streamable HTTP against a real
// core that records this machine, and over stdio through the built `cli.js mcp` reading the same data
// folder beside it. Every tool is listed and called; bad arguments give an MCP error result; the HTTP
// route refuses a wrong token, a foreign Host and a foreign Origin like every other route; and a busy
// loop shows up in top_processes.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { logRoutes, type LogSourceInfo } from '../../src/shared/logs'
import { bearer, send, sendRaw, statusOf } from '../support/http'
import { startTestCore, type TestCore } from '../support/testCore'

const cliPath = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url))
const mcpPath = '/api/mcp'
const toolNames = ['query_metric', 'top_processes', 'search_logs', 'list_events', 'describe_machine']
const secretKey = 'sk-live-0123456789abcdefghij'

let running: TestCore
let logDir: string
let fileSource: LogSourceInfo
const clients: Client[] = []
const children: ChildProcess[] = []

beforeAll(async () => {
  running = await startTestCore({ recorderFlushIntervalMs: 200, recorderProcessIntervalMs: 500 })
  const { port, token } = running.core
  logDir = await mkdtemp(join(tmpdir(), 'vigil-mcp-logs-'))
  const logFile = join(logDir, 'app.log')
  await writeFile(logFile, '')
  const added = await send(port, logRoutes.sources, {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'application/json' },
    body: JSON.stringify({ path: logFile }),
  })
  expect(added.status, added.text).toBe(200)
  fileSource = added.json<LogSourceInfo>()
  // Once the recorder follows the file, its lines are written after the core started: they are in range.
  await new Promise((resolve) => setTimeout(resolve, 500))
  await appendFile(logFile, `2026-12-04 ERROR payment failed for ${secretKey} user=jane@example.com\nINFO all good\n`)
  await send(port, logRoutes.ingest, {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'text/plain' },
    body: `ingested marker line with Authorization: Bearer abcdefghijklmnop\n`,
  })
}, 60_000)

afterEach(async () => {
  for (const client of clients.splice(0)) await client.close()
  for (const child of children.splice(0)) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL')
})

afterAll(async () => {
  await running?.dispose()
  await rm(logDir, { recursive: true, force: true })
})

async function httpClient(token = running.core.token): Promise<Client> {
  const client = new Client({ name: 'vigil-test', version: '1.0.0' })
  const transport = new StreamableHTTPClientTransport(new URL(running.core.origin + mcpPath), {
    requestInit: { headers: bearer(token) },
  })
  await client.connect(transport)
  clients.push(client)
  return client
}

async function stdioClient(): Promise<Client> {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npx electron-vite build first`)
  const client = new Client({ name: 'vigil-test', version: '1.0.0' })
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [cliPath, 'mcp', '--data-dir', running.dataDir],
      stderr: 'ignore',
    }),
  )
  clients.push(client)
  return client
}

/** The text of a tool's answer, and whether it is an error. */
async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args })
  const content = result.content as { type: string; text: string }[]
  return { text: content.map((part) => part.text).join('\n'), isError: result.isError === true }
}

/** Calls until the answer matches (the recorder writes every 200 ms, processes every 500 ms). */
async function callUntil(client: Client, name: string, args: Record<string, unknown>, pattern: RegExp) {
  const deadline = Date.now() + 30_000
  for (;;) {
    const result = await call(client, name, args)
    if (pattern.test(result.text) || Date.now() > deadline) return result
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Lists and calls every tool, expecting what the recording of this machine holds by now. */
async function callEveryTool(client: Client, { isSameProcess }: { isSameProcess: boolean }) {
  const { tools } = await client.listTools()
  expect(tools.map((tool) => tool.name)).toEqual(toolNames)
  for (const tool of tools) expect(tool.inputSchema.type).toBe('object')
  expect(tools[0]!.description).toContain('cpu_total_pct')

  const metric = await callUntil(client, 'query_metric', { metrics: ['cpu_total_pct'], from: '-5m' }, /\| \d/)
  expect(metric.isError, metric.text).toBe(false)
  expect(metric.text).toMatch(/time zone .+cpu_total_pct \(%\)/s)

  const now = await callUntil(client, 'top_processes', {}, /pid \| name/)
  expect(now.text).toMatch(/Top \d+ processes by cpu in the snapshot at \d{4}-/)
  const range = await call(client, 'top_processes', { from: '-5m', to: 'now', sort: 'memory', limit: 5 })
  expect(range.text).toMatch(/\d+ snapshots/)
  expect(range.text).toContain('memory highest')

  const logs = await callUntil(client, 'search_logs', { sources: [fileSource.id], query: 'payment' }, /payment failed/)
  expect(logs.isError, logs.text).toBe(false)
  // MCP hosts may send answers anywhere: the lines pass the redactor.
  expect(logs.text).toContain('sk-[redacted]')
  expect(logs.text).toContain('[email]')
  expect(logs.text).not.toContain(secretKey)
  expect(logs.text).not.toContain('all good')
  if (isSameProcess) {
    const ingested = await callUntil(client, 'search_logs', { sources: ['ingest'] }, /marker line/)
    expect(ingested.text).toContain('Authorization: [redacted]')
  }

  const events = await callUntil(client, 'list_events', { from: '-1h' }, /mark started/)
  expect(events.isError).toBe(false)

  const machine = await call(client, 'describe_machine', {})
  expect(machine.isError).toBe(false)
  expect(machine.text).toMatch(/^Host .+Storage mounts:.+Network interfaces:/s)
  expect(machine.text).toContain('- lo:')

  const bad = await call(client, 'query_metric', { metrics: [], from: 'yesterday' })
  expect(bad.isError).toBe(true)
  expect(bad.text).toMatch(/metrics must name at least one series.*from must be ISO 8601/)
  const unknown = await call(client, 'no_such_tool', {})
  expect(unknown).toMatchObject({ isError: true, text: expect.stringContaining('There is no tool no_such_tool') })
  // The server is still there after the errors.
  expect((await client.listTools()).tools).toHaveLength(toolNames.length)
}

describe('Vigil as an MCP server', () => {
  it('lists and calls every tool over Streamable HTTP on the core', async () => {
    await callEveryTool(await httpClient(), { isSameProcess: true })
  }, 90_000)

  it('lists and calls every tool over stdio, reading the data folder beside the running core', async () => {
    await callEveryTool(await stdioClient(), { isSameProcess: false })
  }, 90_000)

  it('refuses a wrong token, a foreign Host and a foreign Origin on the HTTP transport', async () => {
    await expect(httpClient('wrong-token')).rejects.toThrow(/401|token/i)
    const { port, token } = running.core
    const initialize = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    })
    const headers = {
      ...bearer(token),
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
    }
    const accepted = await send(port, mcpPath, { method: 'POST', headers, body: initialize })
    expect(accepted.status).toBe(200)
    expect(accepted.json()).toMatchObject({ result: { serverInfo: { name: 'vigil' } } })
    const foreignOrigin = await send(port, mcpPath, {
      method: 'POST',
      headers: { ...headers, Origin: 'http://evil.test' },
      body: initialize,
    })
    expect(foreignOrigin.status).toBe(403)
    const foreignHost = await sendRaw(
      port,
      `POST ${mcpPath} HTTP/1.1\r\nHost: rebind.evil.test:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
        `Content-Length: ${Buffer.byteLength(initialize)}\r\nConnection: close\r\n\r\n${initialize}`,
    )
    expect(statusOf(foreignHost)).toBe(421)
    // Stateless: no session stream to open, none to end.
    expect((await send(port, mcpPath, { headers })).status).toBe(405)
    expect((await send(port, mcpPath, { method: 'DELETE', headers })).status).toBe(405)
  })

  it('names a busy loop among the top processes', async () => {
    const busy = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' })
    children.push(busy)
    const client = await httpClient()
    const result = await callUntil(client, 'top_processes', { limit: 40 }, new RegExp(`^${busy.pid} \\| `, 'm'))
    expect(result.text).toMatch(new RegExp(`^${busy.pid} \\| node`, 'm'))
  }, 60_000)
})
