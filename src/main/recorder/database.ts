// Opening the recorder's database: WAL (a writer never blocks readers, and a kill -9 mid-transaction
// leaves the last committed state), synchronous=NORMAL (in WAL mode a process crash loses nothing
// committed; only a power cut may lose the last transactions, and never corrupts), migrations to the
// current schema. A database that cannot be read, or that fails SQLite's quick_check after an unclean
// stop, is moved aside with its journal files and a fresh one is started: the caller tells the user.
import { existsSync, renameSync } from 'node:fs'
import Database from 'libsql'
import { migrate } from './schema'

export interface OpenedDatabase {
  db: Database.Database
  /** Where an unreadable database was moved, if one was. */
  movedAside?: { path: string; reason: string }
}

const corruptionCodes = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB'])

/** Whether an error from libsql says the file itself is damaged (not full, not locked). */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && [...corruptionCodes].some((prefix) => code.startsWith(prefix))
}

/** Whether an error from libsql says the disk (or the quota) is full. */
export function isDiskFull(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown }
  return (
    (typeof code === 'string' && code.startsWith('SQLITE_FULL')) ||
    (typeof message === 'string' && /database or disk is full|ENOSPC/i.test(message))
  )
}

function openAndMigrate(path: string, isCheckNeeded: (db: Database.Database) => boolean): Database.Database {
  const db = new Database(path)
  try {
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = NORMAL')
    migrate(db)
    if (isCheckNeeded(db)) {
      const result = db.prepare('PRAGMA quick_check').pluck().all() as string[]
      if (result[0] !== 'ok')
        throw Object.assign(new Error(`quick_check: ${result.slice(0, 3).join('; ')}`), { code: 'SQLITE_CORRUPT' })
    }
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/** Renames the database and its -wal and -shm files to `<name>.corrupt-<time>`; returns the new name. */
function moveAside(path: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const target = `${path}.corrupt-${stamp}`
  renameSync(path, target)
  for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix)
  return target
}

/**
 * Opens (or creates) the database at `path`. `isCheckNeeded` runs on the migrated database and says
 * whether to run a quick_check (after an unclean stop: on a big database the check takes a while).
 */
export function openRecorderDatabase(path: string, isCheckNeeded: (db: Database.Database) => boolean): OpenedDatabase {
  try {
    return { db: openAndMigrate(path, isCheckNeeded) }
  } catch (error) {
    if (!isCorruption(error)) throw error
    const movedTo = moveAside(path)
    return {
      db: openAndMigrate(path, () => false),
      movedAside: { path: movedTo, reason: (error as Error).message },
    }
  }
}
