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
 * Tables that exist in every D1 database: `d1_migrations` is where wrangler records applied
 * migrations. (Names starting with `sqlite_` are refused by a separate rule.)
 */
export const reservedTableNames: ReadonlySet<string> = new Set(['d1_migrations'])

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
 * Names the endpoint and middleware templates import next to the module's own export (the
 * handler imports `valid`; a middleware's test imports `env` and vitest's `it`): a module
 * named after one would redeclare the import, which does not load.
 */
export const templateImports: Readonly<Record<'endpoint name' | 'middleware name', ReadonlySet<string>>> = {
  'endpoint name': new Set(['valid', 'jsonBody', 'requireAuth']),
  'middleware name': new Set(['createMiddleware', 'env', 'describe', 'expect', 'it']),
}

/**
 * Properties every object inherits (`constructor`, `toString`, `valueOf`, ...): a body that
 * leaves such a field out still "has" it, so zod validates the inherited function and an
 * optional field or a PATCH without it is a 400. Field names may not be one of them.
 */
export const inheritedProperties: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype))
