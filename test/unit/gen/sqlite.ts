import { execFileSync } from 'node:child_process'

/** Whether the sqlite3 CLI is on this machine: the SQL tests run generated migrations in it. */
export const hasSqlite = (() => {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
})()

/** Runs SQL in a fresh in-memory database with foreign keys on, stopping at the first error. */
export const runSql = (sql: string): string =>
  execFileSync('sqlite3', ['-bail', ':memory:'], {
    input: `PRAGMA foreign_keys = ON;\n${sql}`,
    stdio: 'pipe',
  }).toString()
