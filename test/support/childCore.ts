// Browser mode in a child process (`node out/main/cli.js`, built by `electron-vite build`), for tests that
// measure the core from outside: its resident memory under a storm. Stopped by its pid.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const cliPath = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url))
/** The line browser mode prints once it listens (src/main/cli.ts): its port and this launch's token. */
export const launchUrlPattern = /Open http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)$/

export interface ChildCore {
  pid: number
  port: number
  token: string
  /** Resident memory now, in bytes (/proc/PID/status, VmRSS). */
  rssBytes(): Promise<number>
  stop(): Promise<void>
}

export async function startChildCore(): Promise<ChildCore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-child-'))
  const child = spawn(process.execPath, [cliPath, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const closed = once(child, 'close')
      child.kill('SIGTERM')
      await closed
    }
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    const match = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the core did not print its address within 15 s')), 15_000)
      child.once('close', (code) => reject(new Error(`the core exited (${code}) before it was ready`)))
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const found = launchUrlPattern.exec(line)
        if (found) {
          clearTimeout(timer)
          resolve(found)
        }
      })
    })
    return {
      pid: child.pid!,
      port: Number(match[1]),
      token: decodeURIComponent(match[2]!),
      async rssBytes() {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8')
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
