/**
 * Words generated code cannot use as names, kept as data so the rules that use them stay short.
 */

/**
 * ECMAScript reserved words in module (strict) code, plus globals that must not be shadowed
 * by a binding. A generated module declares `const <camel>`, so these are refused.
 */
export const jsReservedWords: ReadonlySet<string> = new Set([
  ...['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do'],
  ...['else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import'],
  ...['in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try'],
  ...['typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface'],
  ...['package', 'private', 'protected', 'public', 'await', 'arguments', 'eval', 'undefined', 'NaN'],
  'Infinity',
])

/**
 * The 147 SQLite keywords (https://sqlite.org/lang_keywords.html). SQLite accepts some of
 * them as bare identifiers in some positions; rather than quote every identifier in
 * generated SQL, names that are keywords are refused outright.
 */
export const sqliteKeywords: ReadonlySet<string> = new Set(
  `ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE BEGIN
  BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS
  CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE DEFERRED DELETE
  DESC DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN FAIL
  FILTER FIRST FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE
  IMMEDIATE IN INDEX INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST
  LEFT LIKE LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF OFFSET ON OR
  ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE RANGE RECURSIVE
  REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS
  SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION TRIGGER UNBOUNDED UNION
  UNIQUE UPDATE USING VACUUM VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT`
    .split(/\s+/)
    .map((word) => word.toLowerCase()),
)

/**
 * Postgres's reserved key words, including those that may name only a function or a type
 * (https://www.postgresql.org/docs/current/sql-keywords-appendix.html): a column or table
 * named `user` or `only` is a syntax error unquoted. They are refused on D1 too, so a
 * resource's spec means the same on either database.
 */
export const postgresReservedWords: ReadonlySet<string> = new Set(
  `ALL ANALYSE ANALYZE AND ANY ARRAY AS ASC ASYMMETRIC AUTHORIZATION BINARY BOTH CASE CAST CHECK
  COLLATE COLLATION COLUMN CONCURRENTLY CONSTRAINT CREATE CROSS CURRENT_CATALOG CURRENT_DATE
  CURRENT_ROLE CURRENT_SCHEMA CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DEFAULT DEFERRABLE DESC
  DISTINCT DO ELSE END EXCEPT FALSE FETCH FOR FOREIGN FREEZE FROM FULL GRANT GROUP HAVING ILIKE IN
  INITIALLY INNER INTERSECT INTO IS ISNULL JOIN LATERAL LEADING LEFT LIKE LIMIT LOCALTIME
  LOCALTIMESTAMP NATURAL NOT NOTNULL NULL OFFSET ON ONLY OR ORDER OUTER OVERLAPS PLACING PRIMARY
  REFERENCES RETURNING RIGHT SELECT SESSION_USER SIMILAR SOME SYMMETRIC SYSTEM_USER TABLE
  TABLESAMPLE THEN TO TRAILING TRUE UNION UNIQUE USER USING VARIADIC VERBOSE WHEN WHERE WINDOW WITH`
    .split(/\s+/)
    .map((word) => word.toLowerCase()),
)

/**
 * Tables the tools that apply migrations keep: `d1_migrations` (wrangler, on D1) and
 * `schema_migrations` (the Postgres service's scripts/db/migrate.ts). Names starting with
 * `sqlite_` or `pg_` are refused by a separate rule.
 */
export const reservedTableNames: ReadonlySet<string> = new Set(['d1_migrations', 'schema_migrations'])

/** Route modules every generated service ships with; a resource may not take their names. */
export const builtInRouteNames: ReadonlySet<string> = new Set(['health', 'ready', 'docs', 'openapi', 'me', 'index'])

/** Columns every generated table has; field specs may not declare them. */
export const automaticColumns: ReadonlySet<string> = new Set(['id', 'created_at', 'updated_at'])

/**
 * Global and imported type names that generated modules use next to a resource's Pascal
 * names (`Note`, `NoteCreate`; `Promise<Note>`, `Record<keyof NoteUpdate, string>`): a
 * resource named after one would shadow it and break the module.
 */
export const reservedTypeNames: ReadonlySet<string> = new Set([
  ...['Array', 'Boolean', 'Date', 'Error', 'Function', 'JSON', 'Map', 'Math', 'Number', 'Object', 'Promise'],
  ...['Record', 'RegExp', 'Set', 'String', 'Symbol', 'URL', 'Request', 'Response', 'Headers'],
  ...['Hono', 'Context', 'AppEnv', 'D1Database', 'PathGroup', 'ProblemError'],
])

/**
 * Names the endpoint, middleware, channel and queue templates import next to the module's own export (the
 * handler imports `valid`; a middleware's test imports `env` and vitest's `it`): a module
 * named after one would redeclare the import, which does not load.
 */
export const templateImports: Readonly<
  Record<'endpoint name' | 'middleware name' | 'channel name' | 'cron job name' | 'queue name', ReadonlySet<string>>
> = {
  'endpoint name': new Set(['valid', 'jsonBody', 'requireAuth']),
  'middleware name': new Set(['createMiddleware', 'env', 'describe', 'expect', 'it']),
  // The Worker entry exports each channel's class beside `createApp`.
  'channel name': new Set(['createApp']),
  // The job's test, the registry beside it (src/crons/index.ts) and the helper they import
  // (src/crons/run-job.ts): a job named index or run-job would be one of those files.
  'cron job name': new Set([
    ...['index', 'runJob', 'jobs', 'scheduled', 'worker', 'env', 'trigger', 'linesOf'],
    ...['afterEach', 'describe', 'expect', 'it', 'vi'],
    ...['createExecutionContext', 'createScheduledController', 'waitOnExecutionContext'],
  ]),
  // src/queues/index.ts imports each consumer beside `consume` and exports `queue`; the test
  // imports the Worker, `env`, the consume helpers and vitest's functions beside it.
  'queue name': new Set([
    'queue',
    'consume',
    'produce',
    'worker',
    'env',
    'retryDelay',
    'withDatabase',
    'delivery',
    'consumeBatch',
    'captureLogs',
    'describe',
    'expect',
    'it',
    'vi',
    'afterEach',
  ]),
}

/**
 * Properties every object inherits (`constructor`, `toString`, `valueOf`, ...): a body that
 * leaves such a field out still "has" it, so zod validates the inherited function and an
 * optional field or a PATCH without it is a 400. Field names may not be one of them.
 */
export const inheritedProperties: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype))
