// The floor of the sampler benchmark: a bare Node loop that reads /proc/stat, /proc/meminfo, /proc/net/dev
// and /proc/diskstats once a second with fs.promises.readFile and parses them minimally (numbers per line,
// no rates, no history). Prints one `result {json}` line (childMeter.ts) and ends.
import { readFile } from 'node:fs/promises'
import { collectEverySecond, createSampleMeter, printResult } from './childMeter'

type Counters = Map<string, number[]>

/** Each line as its first word and the numbers after it, from `skipLines` on; `nameAt` is the word's position. */
function parseLines(text: string, skipLines: number, nameAt: number): Counters {
  const counters: Counters = new Map()
  for (const line of text.split('\n').slice(skipLines)) {
    const words = line.trim().split(/[\s:]+/)
    const name = words[nameAt]
    if (name) counters.set(name, words.slice(nameAt + 1).map(Number))
  }
  return counters
}

let latest: { cpuLines: number; memoryFields: number; interfaces: number; blockDevices: number } | undefined

async function collect(): Promise<void> {
  const [stat, meminfo, netDev, diskstats] = await Promise.all(
    ['/proc/stat', '/proc/meminfo', '/proc/net/dev', '/proc/diskstats'].map((path) => readFile(path, 'utf8')),
  )
  const cpuLines = [...parseLines(stat!, 0, 0).keys()].filter((name) => name.startsWith('cpu')).length
  latest = {
    cpuLines,
    memoryFields: parseLines(meminfo!, 0, 0).size,
    interfaces: parseLines(netDev!, 2, 0).size,
    blockDevices: parseLines(diskstats!, 0, 2).size,
  }
}

const meter = createSampleMeter({ measuresEventLoopDelay: true })
await collectEverySecond(collect, meter)
printResult(meter.result({ ...latest }))
