// Writes cut short by kill -9 leave nothing behind: a child process writes keys, settings and a
// conversation through the atomic writers and is killed in the middle, round after round; then a core
// starts on the folder and neither a temporary file nor the text of a superseded key is left in it.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { makeDataDir, startTestCore } from '../support/testCore'

const rounds = 20
const isTemporary = (name: string) => /\.tmp$/.test(name)

async function killDuringWrites(dataDir: string, round: number): Promise<void> {
  const writer = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../support/dataWriter.ts', import.meta.url)), dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  try {
    await new Promise<void>((resolve, reject) => {
      writer.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve()
      })
      writer.once('exit', () => reject(new Error('the writer exited early')))
    })
    // Kill at a different moment each round: the writer spends nearly all its time inside writes.
    await sleep(20 + ((round * 37) % 120))
  } finally {
    writer.kill('SIGKILL')
    if (writer.exitCode === null && writer.signalCode === null) await once(writer, 'exit')
  }
}

describe('writes killed half-way', () => {
  it('leave no temporary file and no superseded key once a core has started on the folder', async () => {
    const dataDir = await makeDataDir()
    for (let round = 0; round < rounds; round += 1) await killDuringWrites(dataDir, round)
    const names = async () => (await readdir(dataDir, { recursive: true })).map(String)
    // What the kills left: the start below must clear it.
    expect((await names()).filter(isTemporary).length).toBeGreaterThan(0)

    const running = await startTestCore({ dataDir })
    try {
      expect((await names()).filter(isTemporary)).toEqual([])
      const current = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8').catch(() => '{}')) as Record<
        string,
        string
      >
      const keys = new Set<string>()
      for (const name of await names()) {
        const text = await readFile(join(dataDir, name), 'utf8').catch(() => '')
        for (const match of text.matchAll(/sk-superseded-[0-9a-f]{16}/g)) keys.add(match[0])
      }
      const kept = current['provider:p1']?.slice(0, 'sk-superseded-'.length + 16)
      expect([...keys].filter((key) => key !== kept)).toEqual([])
    } finally {
      await running.dispose()
    }
  }, 180_000)
})
