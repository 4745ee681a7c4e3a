// Debian's real Prometheus and node_exporter for tests and benchmarks: each started on a free loopback
// port with its own temporary folder (and, for Prometheus, a generated configuration), ready when its
// HTTP server answers, and stopped by its own pid.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closedPort } from './closedPort'

export const prometheusPath = '/usr/bin/prometheus'
export const nodeExporterPath = '/usr/bin/prometheus-node-exporter'
export const hasPrometheus = existsSync(prometheusPath) && existsSync(nodeExporterPath)

export interface RunningServer {
  port: number
  /** http://127.0.0.1:<port> */
  url: string
  pid: number
  stop(): Promise<void>
}

export interface ScrapeJob {
  jobName: string
  /** host:port of each target. */
  targets: string[]
  metricsPath?: string
  bearerToken?: string
  scrapeIntervalSeconds?: number
}

/** Prometheus's configuration for these jobs (YAML written by hand: every value is quoted JSON, which YAML reads). */
export function prometheusConfig(jobs: ScrapeJob[]): string {
  const lines = ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:']
  for (const job of jobs) {
    lines.push(`  - job_name: ${JSON.stringify(job.jobName)}`)
    if (job.scrapeIntervalSeconds) lines.push(`    scrape_interval: ${job.scrapeIntervalSeconds}s`)
    if (job.metricsPath) lines.push(`    metrics_path: ${JSON.stringify(job.metricsPath)}`)
    if (job.bearerToken)
      lines.push('    authorization:', '      type: Bearer', `      credentials: ${JSON.stringify(job.bearerToken)}`)
    lines.push('    static_configs:', `      - targets: ${JSON.stringify(job.targets)}`)
  }
  return `${lines.join('\n')}\n`
}

async function waitUntilAnswering(url: string, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} ended (exit code ${child.exitCode}) before it answered`)
    const isUp = await fetch(url).then(
      (response) => response.ok,
      () => false,
    )
    if (isUp) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${name} did not answer at ${url} within 60 s`)
}

async function startServer(
  name: string,
  command: string,
  args: (port: number, folder: string) => Promise<string[]>,
  readyPath: string,
): Promise<RunningServer> {
  const folder = await mkdtemp(join(tmpdir(), `vigil-${name}-`))
  const port = await closedPort()
  const child = spawn(command, await args(port, folder), { stdio: ['ignore', 'ignore', 'pipe'] })
  let errors = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (errors = (errors + chunk).slice(-4000)))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
    await rm(folder, { recursive: true, force: true })
  }
  try {
    await waitUntilAnswering(`${url}${readyPath}`, child, name)
  } catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}\n${errors}`, { cause: error })
  }
  return { port, url, pid: child.pid!, stop }
}

/** A Prometheus scraping these jobs, its data in a temporary folder; `extraArgs` adds flags (query limits, say). */
export function startPrometheus(jobs: ScrapeJob[], extraArgs: string[] = []): Promise<RunningServer> {
  return startServer(
    'prometheus',
    prometheusPath,
    async (port, folder) => {
      const config = join(folder, 'prometheus.yml')
      await writeFile(config, prometheusConfig(jobs))
      return [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(folder, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        ...extraArgs,
      ]
    },
    '/-/ready',
  )
}

/** Debian's node_exporter on a free loopback port. */
export function startNodeExporter(): Promise<RunningServer> {
  return startServer(
    'node-exporter',
    nodeExporterPath,
    async (port) => [`--web.listen-address=127.0.0.1:${port}`],
    '/metrics',
  )
}
