// The exports under way, written down (exports-running.json) when each starts and crossed off when its
// history entry is saved. A core killed in the middle of an export never records how it ended: the next
// start finds it here and puts it in the history as interrupted. Each entry is stored already in the form
// it takes then, so reading it back needs nothing but the history's own schema.
// A journal that cannot be written never fails an export: the storage status tells the user instead.
import type { z } from 'zod'
import type { Logger } from '../logger'
import { createJsonFileSaver, loadJsonFile } from '../storage/jsonFile'

export interface RunningJournal<Entry extends { id: string }> {
  /** The exports an earlier core left running, as history entries. */
  readonly interrupted: Entry[]
  begin(entry: Entry): Promise<void>
  end(id: string): Promise<void>
}

export async function openRunningJournal<Entry extends { id: string }>(
  path: string,
  schema: z.ZodType<Entry[]>,
  logger: Logger,
): Promise<RunningJournal<Entry>> {
  const loaded = await loadJsonFile(path, schema, [])
  if (loaded.status === 'moved-aside')
    logger.warn('export', `${path} could not be read (${loaded.reason}); it was moved to ${loaded.movedTo}`)
  const save = createJsonFileSaver<Entry[]>(path)
  let entries: Entry[] = []
  const write = () =>
    save(entries).catch((error: unknown) =>
      logger.warn('export', `${path} could not be written: ${(error as Error).message}`),
    )
  // Cleared at once: the interrupted entries move to the history, which the caller saves.
  if (loaded.value.length > 0) await write()
  return {
    interrupted: loaded.value,
    async begin(entry) {
      entries = [...entries, entry]
      await write()
    },
    async end(id) {
      entries = entries.filter((entry) => entry.id !== id)
      await write()
    },
  }
}
