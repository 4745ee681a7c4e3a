// Child processes for the benchmarks: start one, wait for the stdout line that says it is ready, stop it by its pid.
// Every caller stops its children in a `finally`; a child that ignores SIGTERM gets SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'

export interface ReadyChild {
  child: ChildProcess
  /** The match of the ready pattern against the line that announced readiness. */
  readyMatch: RegExpExecArray
  /** performance.now() just before spawn. */
  spawnedAt: number
  /** From spawn to the ready line, in ms. */
  readyAfterMs: number
}

const stderrTailChars = 2000

export interface SpawnOptions {
  /** 10 s unless given. */
  timeoutMs?: number
  cwd?: string
  /** The child's environment; this process's unless given. */
  env?: NodeJS.ProcessEnv
}

export async function spawnUntilReady(
  command: string,
  args: string[],
  readyPattern: RegExp,
  options: SpawnOptions = {},
): Promise<ReadyChild> {
  const { timeoutMs = 10_000, cwd, env } = options
  const spawnedAt = performance.now()
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  // Kept short, and read to the end so that a chatty child never blocks on a full pipe.
  let stderrTail = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-stderrTailChars)
  })
  const lines = createInterface({ input: child.stdout! })
  let timer: NodeJS.Timeout | undefined
  try {
    return await new Promise<ReadyChild>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${command} did not get ready within ${timeoutMs} ms`)), timeoutMs)
      child.once('error', reject)
      // 'close' rather than 'exit': by then stderr has been read to its end.
      child.once('close', (code, signal) =>
        reject(new Error(`${command} exited (${signal ?? code}) before it was ready: ${stderrTail}`)),
      )
      lines.on('line', (line) => {
        const readyMatch = readyPattern.exec(line)
        if (readyMatch) resolve({ child, readyMatch, spawnedAt, readyAfterMs: performance.now() - spawnedAt })
      })
    })
  } catch (error) {
    await stopChild(child)
    throw error
  } finally {
    clearTimeout(timer)
  }
}

export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  const isRunning = child.pid !== undefined && child.exitCode === null && child.signalCode === null
  if (!isRunning) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}
