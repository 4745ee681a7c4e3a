// Vigil against GNU `tail -F` under Debian's real logrotate, forced several times while a writer appends
// numbered lines at a fixed rate: in create mode (rename, then a new file) and in copytruncate mode.
// A checker accounts for every line: Vigil must deliver every line that is still on disk afterwards (the
// current file and the rotated ones) and, in create mode, every line tail -F delivers but those logrotate moved
// aside the instant they were written; it never repeats or reorders one. In copytruncate mode the lines written
// between logrotate's copy and its truncation exist only for a reader that read them in that window (a few ms);
// which reader wins that race is timing, so there the check is against what the disk kept, and tail's extra
// lines must be among the ones the disk lost. Each case runs a few seconds. Needs `electron-vite build` first.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { linesOfBatch } from '../../src/shared/lineBatch'
import { logRoutes, type LineBatch, type LogSourceInfo } from '../../src/shared/logs'
import { startChildCore, type ChildCore } from '../support/childCore'
import { bearer, send } from '../support/http'
import { connectSse } from '../support/sseClient'

const logrotatePath = '/usr/sbin/logrotate'
const linesPerSecond = 5000
const writeSeconds = 3
const rotations = 4

// The core runs in a process of its own, as tail does: the test's own work does not delay it.
let core: ChildCore
let folder: string
const children: ChildProcess[] = []

beforeEach(async () => {
  core = await startChildCore()
  folder = await mkdtemp(join(tmpdir(), 'vigil-rotate-'))
})
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  await core.stop()
  await rm(folder, { recursive: true, force: true })
})

/** Appends numbered lines at a fixed rate: by path each time (create mode), or on one descriptor (copytruncate). */
function startWriter(path: string, keepsDescriptor: boolean): ChildProcess {
  const script = `
    const fs = require('fs'); const path = process.argv[1]; const keep = process.argv[2] === '1'
    const fd = keep ? fs.openSync(path, 'a') : undefined
    const perTick = ${linesPerSecond / 200}; const total = ${linesPerSecond * writeSeconds}
    let n = 0; const startedAt = Date.now()
    const tick = () => {
      let block = ''
      const due = Math.min(total, Math.round(((Date.now() - startedAt) / 1000) * ${linesPerSecond}) + perTick)
      for (; n < due; n += 1) block += 'rotating ' + String(n).padStart(7, '0') + ' ' + 'r'.repeat(80) + '\\n'
      if (keep) fs.writeSync(fd, block); else fs.appendFileSync(path, block)
      if (n < total) setTimeout(tick, 5)
    }
    tick()`
  const child = spawn(process.execPath, ['-e', script, path, keepsDescriptor ? '1' : '0'], { stdio: 'inherit' })
  children.push(child)
  return child
}

const numbersIn = (texts: string[]) =>
  texts.flatMap((text) => {
    const match = /^rotating (\d{7}) /.exec(text)
    return match ? [Number(match[1])] : []
  })

describe.runIf(existsSync(logrotatePath))('following through real logrotate, against tail -F', () => {
  it.each([['create'], ['copytruncate']])(
    'in %s mode, delivers every line the disk kept (in create mode, every line tail -F delivers), never twice, in order',
    async (mode) => {
      const path = join(folder, 'app.log')
      await writeFile(path, '')
      const config = join(folder, 'logrotate.conf')
      await writeFile(config, `${path} {\n  rotate 10\n  ${mode}\n  missingok\n  nocompress\n}\n`, { mode: 0o644 })
      const added = await send(core.port, logRoutes.sources, {
        method: 'POST',
        headers: { ...bearer(core.token), 'Content-Type': 'application/json' },
        body: JSON.stringify({ path }),
      })
      const { id } = added.json<LogSourceInfo>()
      const stream = await connectSse(core.port, `${logRoutes.stream}?sources=${id}&tail=0`, {
        ...bearer(core.token),
      })
      await stream.waitForEvent((event) => event.event === 'live')
      const tail = spawn('tail', ['-n0', '-F', path], { stdio: ['ignore', 'pipe', 'ignore'] })
      children.push(tail)
      let tailOutput = ''
      tail.stdout!.setEncoding('utf8').on('data', (chunk: string) => (tailOutput += chunk))
      await new Promise((resolve) => setTimeout(resolve, 300))

      const writer = startWriter(path, mode === 'copytruncate')
      const writerDone = once(writer, 'close')
      for (let rotation = 0; rotation < rotations; rotation += 1) {
        await new Promise((resolve) => setTimeout(resolve, (writeSeconds * 1000) / (rotations + 1)))
        const logrotate = spawn(logrotatePath, ['-f', '-s', join(folder, 'state'), config], { stdio: 'inherit' })
        await once(logrotate, 'close')
      }
      await writerDone
      // Both readers settle: nothing more is written.
      await new Promise((resolve) => setTimeout(resolve, 1500))
      stream.close()

      expect(existsSync(`${path}.${rotations}`), 'logrotate rotated the file').toBe(true)
      const vigil = numbersIn(
        stream.events.flatMap((event) =>
          event.event === 'lines' ? linesOfBatch(event.data as LineBatch).map((line) => line.text) : [],
        ),
      )
      const tailed = numbersIn(tailOutput.split('\n'))
      const outOfOrder = vigil.findIndex((number, index) => index > 0 && number <= vigil[index - 1]!)
      expect(outOfOrder, `line ${vigil[outOfOrder]} after ${vigil[outOfOrder - 1]}`).toBe(-1)
      const delivered = new Set(vigil)
      const onDisk = new Set<number>()
      // Only the rotation chain counts as kept: when the writer's append recreates app.log between logrotate's
      // rename and its create, logrotate moves that file aside as app.log-<date>.backup within the same instant.
      // Those lines were at the followed path for that instant only: as in the copytruncate window, which reader
      // saw them is timing, so tail's extra lines may be among them and no others.
      const chain = /^app\.log(\.\d+)?$/
      const movedAside = new Set<number>()
      for (const name of await readdir(folder)) {
        if (!name.startsWith('app.log')) continue
        const kept = chain.test(name) ? onDisk : movedAside
        for (const number of numbersIn((await readFile(join(folder, name), 'utf8')).split('\n'))) kept.add(number)
      }
      const keptButMissed = [...onDisk].filter((number) => !delivered.has(number))
      expect(keptButMissed, `${onDisk.size} lines on disk, Vigil delivered ${vigil.length}`).toEqual([])
      const tailOnly = tailed.filter((number) => !delivered.has(number))
      const unexplained = tailOnly.filter((number) =>
        mode === 'create' ? !movedAside.has(number) : onDisk.has(number),
      )
      expect(unexplained, `tail -F delivered ${tailed.length}, Vigil ${vigil.length}`).toEqual([])
      expect(tailed.length).toBeGreaterThan(0)
    },
    30_000,
  )
})
