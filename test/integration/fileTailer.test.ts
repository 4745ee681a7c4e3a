// tail -F semantics with real files, real renames and truncations, and a real writer process.
import { execFileSync, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { appendFile, copyFile, mkdir, mkdtemp, open, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileTailer, type FileTailer, type TailEvent } from '../../src/main/logs/fileTailer'
import { linesOfBatch } from '../../src/shared/lineBatch'
import { descriptorsOn } from '../support/descriptors'

let folder: string
let tailers: FileTailer[] = []

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vigil-tail-'))
})
afterEach(async () => {
  await Promise.all(tailers.map((tailer) => tailer.dispose()))
  tailers = []
  await rm(folder, { recursive: true, force: true })
})

interface Follow {
  tailer: FileTailer
  events: TailEvent[]
  /** Lines and notices in order, as the viewer would show them: "line text" or "[notice]". */
  transcript(): string[]
  waitFor(condition: (transcript: string[]) => boolean, timeoutMs?: number): Promise<void>
}

async function follow(
  path: string,
  options: { idleFlushMs?: number; pollMs?: number; minCheckIntervalMs?: number } = {},
): Promise<Follow> {
  const events: TailEvent[] = []
  const errors: Error[] = []
  const tailer = await createFileTailer({
    path,
    onEvent: (event) => events.push(event),
    onError: (error) => errors.push(error),
    pollMs: 100,
    ...options,
  })
  tailers.push(tailer)
  const transcript = () => {
    if (errors.length > 0) throw errors[0]
    return events.flatMap((event) =>
      event.kind === 'notice'
        ? [`[${event.notice}]`]
        : linesOfBatch({ source: 's', base: event.fileId, ...event.lines }).map((line) =>
            line.isPartial ? `${line.text}…` : line.text,
          ),
    )
  }
  return {
    tailer,
    events,
    transcript,
    // A wait, never a timing: a loaded machine gets 15 s.
    async waitFor(condition, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      while (!condition(transcript())) {
        if (Date.now() > deadline) throw new Error(`not reached in time; transcript: ${JSON.stringify(transcript())}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
  }
}

const endsWith =
  (...tail: string[]) =>
  (transcript: string[]) =>
    transcript.length >= tail.length && transcript.slice(-tail.length).join('\n') === tail.join('\n')

describe('file tailer', () => {
  it('starts at the end, at a line start, and follows what is appended', async () => {
    const path = join(folder, 'app.log')
    await writeFile(path, 'old one\nold two\nhalf')
    const followed = await follow(path)
    await appendFile(path, ' written\nnew line\n')
    await followed.waitFor(endsWith('half written', 'new line'))
    expect(followed.transcript()).toEqual(['half written', 'new line'])
  })

  it('reads a stream of writes at most once an interval, but at once while a file named like it changes', async () => {
    const path = join(folder, 'app.log')
    await writeFile(path, '')
    const followed = await follow(path, { minCheckIntervalMs: 600_000, pollMs: 600_000 })
    await appendFile(path, 'first\n')
    await followed.waitFor(endsWith('first'))
    await appendFile(path, 'second\n')
    // The watch saw the write; its check waits out the interval (neither a timing nor a rate: it cannot come).
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(followed.transcript()).toEqual(['first'])
    await writeFile(join(folder, 'app.log.1'), '')
    await followed.waitFor(endsWith('first', 'second'))
  })

  it('finishes the old file, then reads the new one from its start, on rename-and-create rotation', async () => {
    const path = join(folder, 'app.log')
    await writeFile(path, '')
    const followed = await follow(path)
    const writer = await open(path, 'a')
    await writer.write('before rotation\n')
    await followed.waitFor(endsWith('before rotation'))
    await rename(path, `${path}.1`)
    // The program still writes to its old descriptor until told to reopen: those lines must not be lost.
    await writer.write('late line in the old file\n')
    await writer.close()
    await writeFile(path, 'first line of the new file\n')
    await followed.waitFor(endsWith('[rotated]', 'first line of the new file'))
    expect(followed.transcript()).toEqual([
      'before rotation',
      'late line in the old file',
      '[rotated]',
      'first line of the new file',
    ])
  })

  it('reads again from the start after copytruncate', async () => {
    const path = join(folder, 'app.log')
    await writeFile(path, '')
    const followed = await follow(path)
    await appendFile(path, 'one\ntwo\n')
    await followed.waitFor(endsWith('two'))
    await copyFile(path, `${path}.1`)
    await truncate(path, 0)
    await followed.tailer.checkNow()
    await appendFile(path, 'after truncation\n')
    await followed.waitFor(endsWith('[truncated]', 'after truncation'))
    expect(followed.transcript()).toEqual(['one', 'two', '[truncated]', 'after truncation'])
  })

  it('catches a truncation that regrew past where it read, by the file’s first bytes', async () => {
    const path = join(folder, 'app.log')
    await writeFile(path, '')
    const followed = await follow(path)
    await appendFile(path, 'old one\nold two\n')
    await followed.waitFor(endsWith('old two'))
    // Truncated and rewritten longer in one step: no check can run in between, and the size only grew.
    writeFileSync(path, 'new content, longer than before\n')
    await followed.waitFor(endsWith('[truncated]', 'new content, longer than before'))
    expect(followed.transcript()).toEqual(['old one', 'old two', '[truncated]', 'new content, longer than before'])
  })

  it('says once that the path is a folder or a FIFO, retries, and follows it when it is a file again', async () => {
    const path = join(folder, 'app.log')
    await writeFile(path, 'first\n')
    const followed = await follow(path, { pollMs: 50 })
    await unlink(path)
    await mkdir(path)
    await followed.waitFor(endsWith('[not-a-file]'))
    // The file went away and a folder took its name: seen as gone, or as replaced, as the checks fall.
    const [gone] = followed.transcript()
    expect(['[missing]', '[rotated]']).toContain(gone)
    expect(followed.tailer.status).toBe('not-a-file')
    await rm(path, { recursive: true })
    execFileSync('mkfifo', [path])
    // Checks go on (backing off) and never block on the FIFO nor repeat the notice.
    await new Promise((resolve) => setTimeout(resolve, 500))
    await followed.tailer.checkNow()
    await unlink(path)
    await writeFile(path, 'a file again\n')
    // The checks back off while the path is no file: this one need not wait for the next of them.
    await followed.tailer.checkNow()
    await followed.waitFor(endsWith('[back]', 'a file again'))
    expect(followed.transcript()).toEqual([gone, '[not-a-file]', '[back]', 'a file again'])
    expect(followed.tailer.status).toBe('following')
  })

  it('says when the file goes missing and when it is back, and reads the new file whole', async () => {
    const path = join(folder, 'app.log')
    await writeFile(path, '')
    const followed = await follow(path)
    await appendFile(path, 'alive\n')
    await followed.waitFor(endsWith('alive'))
    await unlink(path)
    await followed.waitFor(endsWith('[missing]'))
    expect(followed.tailer.status).toBe('waiting')
    await writeFile(path, 'reborn one\nreborn two\n')
    await followed.waitFor(endsWith('[back]', 'reborn one', 'reborn two'))
    expect(followed.tailer.status).toBe('following')
  })

  it('waits for a file that does not exist yet', async () => {
    const path = join(folder, 'later.log')
    const followed = await follow(path)
    expect(followed.tailer.status).toBe('waiting')
    await writeFile(path, 'here at last\n')
    await followed.waitFor(endsWith('[back]', 'here at last'))
  })

  it('shows a last line without LF as partial after an idle time, once, then the whole line', async () => {
    const path = join(folder, 'app.log')
    await writeFile(path, '')
    const followed = await follow(path, { idleFlushMs: 200 })
    await appendFile(path, 'progress: 10%')
    await followed.waitFor(endsWith('progress: 10%…'))
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(followed.transcript()).toEqual(['progress: 10%…'])
    await appendFile(path, ' then done\n')
    await followed.waitFor(endsWith('progress: 10%…', 'progress: 10% then done'))
  })

  it('never cuts a UTF-8 character or a CRLF in two when it shows a partial line', async () => {
    const path = join(folder, 'app.log')
    await writeFile(path, '')
    const followed = await follow(path, { idleFlushMs: 100 })
    const snowman = Buffer.from('☃')
    await appendFile(path, Buffer.concat([Buffer.from('snow '), snowman.subarray(0, 2)]))
    await followed.waitFor(endsWith('snow …'))
    await appendFile(path, Buffer.concat([snowman.subarray(2), Buffer.from(' fell\r')]))
    await followed.waitFor(endsWith('snow ☃ fell…'))
    await appendFile(path, '\nnext\n')
    await followed.waitFor(endsWith('snow ☃ fell', 'next'))
    expect(followed.transcript()).toEqual(['snow …', 'snow ☃ fell…', 'snow ☃ fell', 'next'])
  })

  it('misses nothing and repeats nothing while another process appends', async () => {
    const path = join(folder, 'busy.log')
    await writeFile(path, '')
    const followed = await follow(path)
    const lineCount = 5000
    const writer = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(path)}, 'a');
       let n = 0; const tick = () => { for (let i = 0; i < 250 && n < ${lineCount}; i += 1) fs.writeSync(fd, 'line ' + (n++) + ' ' + 'x'.repeat(100) + '\\n');
       if (n < ${lineCount}) setTimeout(tick, 5); }; tick();`,
    ])
    try {
      await followed.waitFor((transcript) => transcript.length >= lineCount, 15_000)
      const numbers = followed.transcript().map((line) => Number(/^line (\d+) /.exec(line)?.[1]))
      expect(numbers).toEqual(Array.from({ length: lineCount }, (_, index) => index))
    } finally {
      writer.kill('SIGKILL')
    }
  })

  it.runIf(process.platform === 'linux')(
    'leaves the count of open descriptors flat after 100 rotations and after dispose',
    async () => {
      const descriptors = () => descriptorsOn(folder)
      const path = join(folder, 'rotating.log')
      await writeFile(path, '')
      const followed = await follow(path)
      for (let rotation = 0; rotation < 100; rotation += 1) {
        await appendFile(path, `rotation ${rotation}\n`)
        await rename(path, join(folder, 'rotated.log'))
        await writeFile(path, '')
        await followed.tailer.checkNow()
      }
      await followed.waitFor((transcript) => transcript.filter((line) => line === '[rotated]').length === 100)
      expect(followed.transcript().filter((line) => line.startsWith('rotation '))).toEqual(
        Array.from({ length: 100 }, (_, index) => `rotation ${index}`),
      )
      // The tailer holds one descriptor for the file it follows, whatever happened before.
      expect(await descriptors()).toBe(1)
      await followed.tailer.dispose()
      expect(await descriptors()).toBe(0)
    },
  )
})

/** Root reads any file whatever its mode, so the follower runs as `nobody` when the test runs as root. */
const canRunAsNobody = process.platform === 'linux' && process.getuid?.() === 0

describe.runIf(canRunAsNobody)('file tailer without permission', () => {
  it('says permission is denied, waits, and reads the file once it may (lost and regained again after rotation)', async () => {
    const { chmod, chown } = await import('node:fs/promises')
    await chmod(folder, 0o755)
    const path = join(folder, 'private.log')
    await writeFile(path, 'secret before\n', { mode: 0o600 })
    await chown(path, 0, 0)
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', new URL('../support/tailAsUser.ts', import.meta.url).pathname, path],
      {
        uid: 65534,
        gid: 65534,
        // --import tsx is resolved from the working folder: the project's.
        cwd: new URL('../..', import.meta.url).pathname,
        env: { ...process.env, HOME: folder },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const events: string[] = []
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => events.push(...chunk.split('\n').filter(Boolean)))
    const waitFor = async (text: string, times = 1) => {
      const deadline = Date.now() + 10_000
      while (events.filter((event) => event.includes(text)).length < times) {
        if (Date.now() > deadline) throw new Error(`no ${text} in ${JSON.stringify(events)}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    try {
      await waitFor('"status":"permission-denied"')
      await chmod(path, 0o644)
      await appendFile(path, 'readable now\n')
      await waitFor('readable now')
      // The file it may read is new to it: read from its start, so the earlier line comes too.
      expect(events.filter((event) => event.includes('"lines"')).join('')).toContain('secret before')
      await rename(path, `${path}.1`)
      await writeFile(path, 'locked again\n', { mode: 0o600 })
      await waitFor('"notice":"permission-denied"', 2)
      await chmod(path, 0o644)
      await waitFor('locked again')
      expect(events.filter((event) => event.includes('notice')).map((event) => JSON.parse(event).notice)).toEqual([
        'permission-denied',
        'back',
        'rotated',
        'permission-denied',
        'back',
      ])
    } finally {
      child.kill('SIGKILL')
    }
  }, 30_000)
})
