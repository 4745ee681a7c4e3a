// How each contender of the sampler benchmark is run, one process each, and its metered window read back:
// Node and Python children meter themselves (childMeter.ts, psutilLoop.py); Glances is metered from outside.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { measuredSamples, resultPattern, sampleIntervalMs, warmupSamples, type MeteredWindow } from './childMeter'
import { spawnUntilReady, stopChild } from './childProcess'
import { probeOutput, type DebianPeer } from './debianPackages'
import { readChildrenCpuTimeMs, readCpuTimeMs, type ClockTicks } from './procStats'
import { withTimeout } from './withTimeout'

/** Debian's python3: the one on PATH may be pyenv's, which does not see Debian's python3-psutil. */
export const debianPython = '/usr/bin/python3'
export const glancesPath = '/usr/bin/glances'
/** Start-up, warm-up and both windows, with room to spare on a busy machine. */
const childTimeoutMs = 30_000 + (warmupSamples + measuredSamples) * sampleIntervalMs * 2
const stderrTailChars = 2000
const psutilLoopPath = fileURLToPath(new URL('./psutilLoop.py', import.meta.url))

export const psutilPeer: DebianPeer = {
  packageName: 'python3-psutil',
  probeVersion: () => probeOutput(debianPython, ['-c', 'import psutil; print(psutil.__version__)']),
}

export const glancesPeer: DebianPeer = {
  packageName: 'glances',
  probeVersion: async () => (await probeOutput(glancesPath, ['--version'])).split('\n')[0]!,
}

/**
 * Headless, one refresh a second, printing two figures per refresh (counted as the refreshes). The ports
 * plugin (which pings the default gateway) and the online version check are off: they are network, not
 * sampling. Glances collects every other enabled plugin, the process list included, whatever it prints.
 */
export const glancesArgs = [
  '--stdout',
  'cpu.total,mem.percent',
  '-t',
  String(sampleIntervalMs / 1000),
  '--disable-check-update',
  '--disable-plugin',
  'ports',
]

async function runSelfMetered(command: string, args: string[]): Promise<MeteredWindow> {
  const { child, readyMatch } = await spawnUntilReady(command, args, resultPattern, { timeoutMs: childTimeoutMs })
  try {
    return JSON.parse(readyMatch[1]!) as MeteredWindow
  } finally {
    await stopChild(child)
  }
}

/** A bundled Node child (bundleChildren.ts) that meters itself. */
export function runNodeChild(scriptPath: string, args: string[] = []): Promise<MeteredWindow> {
  return runSelfMetered(process.execPath, [scriptPath, ...args])
}

/** `idle`: the same loop collecting nothing, the Python runtime's own cost. */
export function runPsutilLoop(mode: 'collect' | 'idle' = 'collect'): Promise<MeteredWindow> {
  const idleArgs = mode === 'idle' ? ['idle'] : []
  return runSelfMetered(debianPython, [
    '-u',
    psutilLoopPath,
    String(warmupSamples),
    String(measuredSamples),
    String(sampleIntervalMs),
    ...idleArgs,
  ])
}

interface OutsideReading {
  atMs: number
  ownCpuMs: number
  childrenCpuMs: number
}

/** Glances from outside: its CPU in /proc/PID/stat between the warm-up's last refresh and the window's last. */
export async function runGlances(clockTicks: ClockTicks): Promise<MeteredWindow> {
  const child = spawn(glancesPath, glancesArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  })
  const pid = child.pid!
  let stderrTail = ''
  child
    .stderr!.setEncoding('utf8')
    .on('data', (chunk: string) => (stderrTail = (stderrTail + chunk).slice(-stderrTailChars)))
  const read = async (): Promise<OutsideReading> => ({
    atMs: performance.now(),
    ownCpuMs: await readCpuTimeMs(pid, clockTicks),
    childrenCpuMs: await readChildrenCpuTimeMs(pid, clockTicks),
  })
  try {
    const window = new Promise<MeteredWindow>((resolve, reject) => {
      let refreshes = 0
      let start: Promise<OutsideReading> | undefined
      child.once('error', reject)
      child.once('close', (code, signal) =>
        reject(new Error(`glances exited (${signal ?? code}) after ${refreshes} refreshes: ${stderrTail}`)),
      )
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith('cpu.total:')) return
        refreshes += 1
        if (refreshes === warmupSamples) start = read()
        if (refreshes !== warmupSamples + measuredSamples) return
        Promise.all([start!, read()]).then(([first, last]) => {
          resolve({
            samples: measuredSamples,
            elapsedMs: last.atMs - first.atMs,
            ownCpuMs: last.ownCpuMs - first.ownCpuMs,
            childrenCpuMs: last.childrenCpuMs - first.childrenCpuMs,
            detail: {},
          })
        }, reject)
      })
    })
    return await withTimeout(window, childTimeoutMs, `${measuredSamples} Glances refreshes`)
  } finally {
    await stopChild(child)
  }
}
