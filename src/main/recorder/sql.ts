// Two small helpers over libsql where its better-sqlite3-style API differs from better-sqlite3's.
import type Database from 'libsql'

/**
 * The first column of the first row, or undefined when there is no row. libsql's get() ignores pluck()
 * (it returns the row as an object, with a _metadata field), so this reads the row raw.
 */
export function scalar<T>(statement: Database.Statement, ...params: unknown[]): T | undefined {
  const row = statement.raw().get(...params) as unknown[] | undefined
  return row?.[0] as T | undefined
}

/**
 * Runs `work` in one transaction. Not libsql's transaction(): when SQLite has already rolled back by
 * itself (a full disk does that), its ROLLBACK throws "no transaction is active" in place of the cause.
 */
export function inTransaction(db: Database.Database, work: () => void): void {
  db.exec('BEGIN')
  try {
    work()
    db.exec('COMMIT')
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw error
  }
}
