// Conversations on disk: atomic saves, a corrupt file moved aside while the others load, and a process
// killed in the middle of a write.
import { spawn } from 'node:child_process'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConversationStore } from '../../src/main/chat/conversationStore'
import { createLogger, type LogEntry } from '../../src/main/logger'
import { makeDataDir } from '../support/testCore'

let dataDir: string
const logs: LogEntry[] = []
const logger = createLogger((entry) => logs.push(entry))
const blank = { systemPrompt: '', providerId: undefined, model: undefined, temperature: undefined }

beforeEach(async () => {
  dataDir = await makeDataDir()
  logs.length = 0
})
afterEach(() => rm(dataDir, { recursive: true, force: true }))

describe('conversation store', () => {
  it('saves, lists newest first, searches titles and contents, and loads it all again', async () => {
    const store = await createConversationStore(dataDir, logger)
    const disk = await store.create({ ...blank, title: 'Disk filling up' })
    const cpu = await store.create({ ...blank, title: 'CPU spikes' })
    await store.save({ ...disk, messages: [{ id: 'm1', role: 'user', content: 'Why is /var growing?', createdAt: 1 }] })
    expect(store.list().map((summary) => summary.title)).toEqual(['Disk filling up', 'CPU spikes'])
    expect(store.list('spikes').map((summary) => summary.id)).toEqual([cpu.id])
    expect(store.list('/VAR').map((summary) => summary.id)).toEqual([disk.id])
    const reloaded = await createConversationStore(dataDir, logger)
    expect(reloaded.get(disk.id).messages[0]!.content).toBe('Why is /var growing?')
    await reloaded.remove(cpu.id)
    expect((await createConversationStore(dataDir, logger)).list().map((summary) => summary.id)).toEqual([disk.id])
  })

  it('shows a save to readers while it is written, and takes it back if the write fails', async () => {
    const store = await createConversationStore(dataDir, logger)
    const conversation = await store.create({ ...blank, title: 'Disk filling up' })
    const message = { id: 'm1', role: 'user' as const, content: 'Why is /var growing?', createdAt: 1 }
    const saving = store.save({ ...conversation, messages: [message] })
    expect(store.get(conversation.id).messages).toEqual([message])
    await saving
    // A folder where the file should be: the rename over it fails.
    const path = join(dataDir, 'conversations', `${conversation.id}.json`)
    await rm(path)
    await mkdir(join(path, 'in-the-way'), { recursive: true })
    const failing = store.save({ ...conversation, title: 'Renamed' })
    expect(store.get(conversation.id).title).toBe('Renamed')
    await expect(failing).rejects.toThrow()
    expect(store.get(conversation.id)).toMatchObject({ title: 'Disk filling up', messages: [message] })
  })

  it('stays removed when it is removed while a save of it is still being written', async () => {
    const store = await createConversationStore(dataDir, logger)
    const conversation = await store.create({ ...blank, title: 'Answered, then deleted' })
    const saving = store.save({
      ...conversation,
      messages: [{ id: 'm1', role: 'user', content: 'x'.repeat(1_000_000), createdAt: 1 }],
    })
    await store.remove(conversation.id)
    await saving
    expect(await readdir(join(dataDir, 'conversations'))).toEqual([])
    expect((await createConversationStore(dataDir, logger)).list()).toEqual([])
  })

  it('moves a corrupt file aside, says so, and still loads the others', async () => {
    const store = await createConversationStore(dataDir, logger)
    const good = await store.create({ ...blank, title: 'good' })
    await writeFile(join(dataDir, 'conversations', 'c0123456789ab.json'), '{"id": "c0123456789ab", "title": ')
    const reloaded = await createConversationStore(dataDir, logger)
    expect(reloaded.list().map((summary) => summary.id)).toEqual([good.id])
    expect(reloaded.problems).toEqual([
      expect.objectContaining({ file: 'c0123456789ab.json', reason: expect.stringMatching(/JSON/) }),
    ])
    expect(
      (await readdir(join(dataDir, 'conversations'))).some((name) => name.startsWith('c0123456789ab.json.corrupt-')),
    ).toBe(true)
    expect(logs.some((entry) => entry.level === 'warn' && entry.message.includes('c0123456789ab.json'))).toBe(true)
  })

  it('survives a kill in the middle of a write: the file is whole, and no temporary file is left', async () => {
    const writer = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('../support/conversationWriter.ts', import.meta.url)), dataDir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      const id = await new Promise<string>((resolve, reject) => {
        writer.stdout!.on('data', (chunk: Buffer) => {
          const match = /ready (\S+)/.exec(chunk.toString())
          if (match) resolve(match[1]!)
        })
        writer.once('exit', () => reject(new Error('the writer exited early')))
      })
      await new Promise((resolve) => setTimeout(resolve, 400 + Math.random() * 400))
      writer.kill('SIGKILL')
      await new Promise((resolve) => writer.once('exit', resolve))
      const saved = JSON.parse(await readFile(join(dataDir, 'conversations', `${id}.json`), 'utf8')) as {
        messages: { id: string }[]
      }
      expect(saved.messages.length).toBeGreaterThan(0)
      expect(saved.messages.map((message) => message.id)).toEqual(saved.messages.map((_, index) => `m${index}`))
      const store = await createConversationStore(dataDir, logger)
      expect(store.get(id).messages).toHaveLength(saved.messages.length)
      expect(store.problems).toEqual([])
      expect((await readdir(join(dataDir, 'conversations'))).filter((name) => name.endsWith('.tmp'))).toEqual([])
    } finally {
      writer.kill('SIGKILL')
    }
  })
})
