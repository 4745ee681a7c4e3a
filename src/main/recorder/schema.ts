// The recorder's schema, as an ordered list of migrations: the database's user_version says how many have
// run, and opening runs the rest, each in its own transaction. Never edit a migration that has shipped;
// add the next one.
//
// Layout (times are epoch ms unless named otherwise):
// - open_samples: the samples of the chunk being filled, one row each (series ids and float64 values),
//   written every few seconds so that a crash loses only the last batch;
// - chunks + chunk_values: sealed runs of samples (at most one clock hour each, in arrival order): one
//   compressed time column per chunk and one compressed value column per series and chunk;
// - minute_days: per series and UTC day, the minutes' min, avg, max and sample count, compressed;
// - process_snapshots, log_activity, episodes, marks: the causes kept beside the numbers;
// - episodes.context (2): at an episode's start, the top processes and newest log lines, deflated JSON.
import type Database from 'libsql'
import { inTransaction, scalar } from './sql'

export type Migration = (db: Database.Database) => void

export const migrations: Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE series (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
      CREATE TABLE open_samples (id INTEGER PRIMARY KEY, t INTEGER NOT NULL, data BLOB NOT NULL);
      CREATE INDEX open_samples_by_t ON open_samples (t);
      CREATE TABLE chunks (
        id INTEGER PRIMARY KEY,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        count INTEGER NOT NULL,
        times BLOB NOT NULL
      );
      CREATE INDEX chunks_by_end ON chunks (end_ms);
      CREATE TABLE chunk_values (
        chunk_id INTEGER NOT NULL,
        series_id INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (chunk_id, series_id)
      ) WITHOUT ROWID;
      CREATE TABLE minute_days (
        series_id INTEGER NOT NULL,
        day INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (series_id, day)
      ) WITHOUT ROWID;
      CREATE TABLE process_snapshots (t INTEGER PRIMARY KEY, data BLOB NOT NULL);
      CREATE TABLE log_activity (
        source TEXT NOT NULL,
        second INTEGER NOT NULL,
        trace INTEGER NOT NULL,
        debug INTEGER NOT NULL,
        info INTEGER NOT NULL,
        warn INTEGER NOT NULL,
        error INTEGER NOT NULL,
        fatal INTEGER NOT NULL,
        unleveled INTEGER NOT NULL,
        position TEXT NOT NULL,
        PRIMARY KEY (second, source)
      ) WITHOUT ROWID;
      CREATE TABLE episodes (
        id INTEGER PRIMARY KEY,
        t INTEGER NOT NULL,
        rule_id TEXT NOT NULL,
        state TEXT NOT NULL,
        since INTEGER NOT NULL,
        value REAL NOT NULL,
        message TEXT NOT NULL
      );
      CREATE INDEX episodes_by_t ON episodes (t);
      CREATE TABLE marks (id INTEGER PRIMARY KEY, t INTEGER NOT NULL, kind TEXT NOT NULL, until INTEGER, detail TEXT NOT NULL);
      CREATE INDEX marks_by_t ON marks (t);
    `),
  (db) => db.exec('ALTER TABLE episodes ADD COLUMN context BLOB'),
]

/** Runs the migrations the database has not had yet; a newer database than this code is refused. */
export function migrate(db: Database.Database): void {
  const version = scalar<number>(db.prepare('PRAGMA user_version')) ?? 0
  if (version > migrations.length)
    throw new Error(`the recorder database has schema ${version}, newer than this Vigil knows (${migrations.length})`)
  for (let next = version; next < migrations.length; next += 1) {
    inTransaction(db, () => {
      migrations[next]!(db)
      db.exec(`PRAGMA user_version = ${next + 1}`)
    })
  }
}
