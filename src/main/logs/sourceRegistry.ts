// The log sources: the files the user added (kept in log-sources.json), and the two built-ins. A file
// source's tailer runs only while someone follows it: acquire() starts it for the first follower and
// the last release() stops it, so watchers, descriptors and timers go with the last follower. The
// recorder follows every source from its addition to its removal (recorder/feeds.ts).
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import { builtInSources, type LogSourceInfo } from '../../shared/logs'
import type { Logger } from '../logger'
import { VigilError } from '../../shared/errors'
import { createJsonFileSaver, loadJsonFile } from '../storage/jsonFile'
import { createFileSource, type FileSource } from './fileSource'
import type { Follower } from './follower'
import type { MemorySource } from './memorySource'
import { resolveLogFile } from './registration'

const savedSourcesSchema = z.array(
  z.strictObject({
    id: z.string().regex(/^f[0-9a-f]{8}$/),
    path: z.string().min(1),
    addedAt: z.number(),
    /** Only root or another user may read it (confirmed when added); absent in files of older versions. */
    isSensitive: z.boolean().optional(),
  }),
)
type SavedSource = z.infer<typeof savedSourcesSchema>[number]

export interface Acquired {
  follower: Follower
  release(): Promise<void>
}

export interface SourceRegistry {
  list(): Promise<LogSourceInfo[]>
  /** `isSensitiveConfirmed`: the user accepted following a file only root or another user may read. */
  add(path: string, options?: { isSensitiveConfirmed?: boolean }): Promise<LogSourceInfo>
  remove(id: string): Promise<void>
  /** Whether a source with this id is known (a built-in, or added and not removed). */
  has(id: string): boolean
  /** Whether a source's lines need a confirmation before they go to an AI endpoint off this machine. */
  isSensitive(id: string): boolean
  /** Throws a not_found VigilError for an unknown id. */
  acquire(id: string): Promise<Acquired>
  /** Told after a source is added or removed; returns the unsubscribe. */
  onChange(listener: () => void): () => void
  dispose(): Promise<void>
}

export interface SourceRegistryOptions {
  dataDir: string
  logger: Logger
  vigilLog: MemorySource
  ingest: MemorySource
}

const nameOf = (path: string) => path.split('/').at(-1) ?? path

export async function createSourceRegistry({
  dataDir,
  logger,
  vigilLog,
  ingest,
}: SourceRegistryOptions): Promise<SourceRegistry> {
  const path = join(dataDir, 'log-sources.json')
  const loaded = await loadJsonFile(path, savedSourcesSchema, [])
  if (loaded.status === 'moved-aside')
    logger.warn('logs', `log-sources.json could not be read (${loaded.reason}); it was moved to ${loaded.movedTo}`)
  let saved: SavedSource[] = loaded.value
  const save = createJsonFileSaver<SavedSource[]>(path)
  const running = new Map<string, { source: Promise<FileSource>; users: number }>()
  const changeListeners = new Set<() => void>()
  const announceChange = () => changeListeners.forEach((listener) => listener())

  function info(entry: SavedSource): LogSourceInfo {
    return {
      id: entry.id,
      kind: 'file',
      name: nameOf(entry.path),
      path: entry.path,
      status: 'idle',
      ...(entry.isSensitive ? { isSensitive: true } : {}),
    }
  }

  async function statusOf(entry: SavedSource): Promise<LogSourceInfo> {
    const live = running.get(entry.id)
    return live ? { ...info(entry), status: (await live.source).status() } : info(entry)
  }

  return {
    async list() {
      return [
        { id: builtInSources.vigil, kind: 'vigil', name: 'Vigil', status: 'following' },
        { id: builtInSources.ingest, kind: 'ingest', name: 'Ingest', status: 'following' },
        ...(await Promise.all(saved.map(statusOf))),
      ]
    },
    async add(requestedPath, { isSensitiveConfirmed = false } = {}) {
      const { path: canonical, isSensitive } = await resolveLogFile(requestedPath, {
        dataDir,
        isSensitiveConfirmed,
        uid: process.getuid?.(),
      })
      const existing = saved.find((entry) => entry.path === canonical)
      if (existing) return statusOf(existing)
      const entry: SavedSource = {
        id: `f${randomBytes(4).toString('hex')}`,
        path: canonical,
        addedAt: Date.now(),
        ...(isSensitive ? { isSensitive } : {}),
      }
      await save([...saved, entry])
      saved = [...saved, entry]
      logger.info('logs', `added log source ${canonical}${isSensitive ? ' (sensitive, confirmed by the user)' : ''}`)
      announceChange()
      return info(entry)
    },
    async remove(id) {
      if (!saved.some((entry) => entry.id === id))
        throw new VigilError(
          'not_found',
          `There is no added log source ${id} (the built-in sources cannot be removed).`,
        )
      const next = saved.filter((entry) => entry.id !== id)
      await save(next)
      saved = next
      announceChange()
    },
    has: (id) => id === builtInSources.vigil || id === builtInSources.ingest || saved.some((entry) => entry.id === id),
    isSensitive: (id) => saved.some((entry) => entry.id === id && entry.isSensitive === true),
    async acquire(id) {
      if (id === builtInSources.vigil) return { follower: vigilLog, release: async () => undefined }
      if (id === builtInSources.ingest) return { follower: ingest, release: async () => undefined }
      const entry = saved.find((candidate) => candidate.id === id)
      if (!entry) throw new VigilError('not_found', `There is no log source ${id}.`)
      let live = running.get(id)
      if (!live) {
        live = { source: createFileSource(id, entry.path, logger), users: 0 }
        running.set(id, live)
      }
      live.users += 1
      const current = live
      const follower = await current.source
      let isReleased = false
      return {
        follower,
        async release() {
          if (isReleased) return
          isReleased = true
          current.users -= 1
          if (current.users > 0) return
          running.delete(id)
          await follower.dispose()
        },
      }
    },
    onChange(listener) {
      changeListeners.add(listener)
      return () => changeListeners.delete(listener)
    },
    async dispose() {
      changeListeners.clear()
      const sources = [...running.values()]
      running.clear()
      await Promise.all(sources.map(async (live) => (await live.source).dispose()))
    },
  }
}
