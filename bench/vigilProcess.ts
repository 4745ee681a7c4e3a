// Browser mode as a child process, started the way a user starts it:
// `node out/main/cli.js --port 0 --data-dir <fresh temp dir>`, ready when it prints its URL with the token.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchUrlPattern } from '../test/support/childCore'
import { spawnUntilReady, stopChild } from './childProcess'

const cliPath = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))

export interface VigilProcess {
  pid: number
  port: number
  token: string
  /** performance.now() just before spawn. */
  spawnedAt: number
  /** From spawn to the URL line on stdout, in ms. */
  urlPrintedAfterMs: number
  /** Stops the process and removes its data folder. */
  stop(): Promise<void>
}

/** Needs `electron-vite build` first (npm run bench does it). */
export async function startVigil(): Promise<VigilProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-'))
  try {
    const { child, readyMatch, spawnedAt, readyAfterMs } = await spawnUntilReady(
      process.execPath,
      [cliPath, '--port', '0', '--data-dir', dataDir],
      launchUrlPattern,
    )
    return {
      pid: child.pid!,
      port: Number(readyMatch[1]),
      token: decodeURIComponent(readyMatch[2]!),
      spawnedAt,
      urlPrintedAfterMs: readyAfterMs,
      async stop() {
        await stopChild(child)
        await rm(dataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
}
