/**
 * Names are validated and inflected here and nowhere else: every generator receives an
 * `Inflection` and picks the form it needs, so a table, a route path and an identifier for
 * the same resource can never disagree.
 */
import pluralize from 'pluralize'
import { GenError } from './errors.js'
import {
  builtInRouteNames,
  jsReservedWords,
  postgresReservedWords,
  reservedTableNames,
  reservedTypeNames,
  sqliteKeywords,
  templateImports,
} from './reserved-words.js'

/** What a module name names, for its error messages and its reserved words. */
export type ModuleLabel = 'endpoint name' | 'middleware name' | 'channel name' | 'cron job name' | 'queue name'

/** Longest accepted name, in characters (as typed). */
export const maxNameLength = 48

/** Every form of a resource name, derived once. Example values are for `BlogPosts`. */
export interface Inflection {
  /** The name as given: `BlogPosts`. */
  input: string
  /** Lowercase words, for prose: `blog post`. */
  singular: string
  /** `blog posts` (equal to `singular` for uncountable nouns such as `news`). */
  plural: string
  /** Type names: `BlogPost`. */
  pascal: string
  /** `BlogPosts`. */
  pascalPlural: string
  /** Values: `blogPost`. */
  camel: string
  /** Route module export: `blogPosts`. */
  camelPlural: string
  /** Table name: `blog_posts`. */
  snake: string
  /** For foreign-key columns: `blog_post` (→ `blog_post_id`). */
  snakeSingular: string
  /** URL path segment and file name: `blog-posts`. */
  kebab: string
  /** Singular and plural are the same word (`news`, `series`): templates must not rely on them differing. */
  uncountable: boolean
}

/** Plurals `pluralize` gets wrong for API vocabulary (`virus`→`viri`, `canvas`→`canva`). */
const irregularWords: ReadonlyArray<readonly [singular: string, plural: string]> = [
  ['axis', 'axes'],
  ['basis', 'bases'],
  ['bias', 'biases'],
  ['canvas', 'canvases'],
  ['index', 'indexes'],
  ['lens', 'lenses'],
  ['schema', 'schemas'],
  ['virus', 'viruses'],
]

/** Nouns used without a plural in APIs (`pluralize` would give `datum`, `feedbacks`, `gp`). */
const uncountableWords: ReadonlySet<string> = new Set(
  ['data', 'metadata', 'feedback', 'software', 'hardware', 'firmware', 'middleware', 'analytics']
    .concat(['info', 'traffic', 'weather', 'advice', 'knowledge', 'research', 'evidence'])
    .concat(['sms', 'cms', 'gps', 'dns', 'os', 'clothes', 'pants']),
)

const singularOf = new Map(irregularWords.map(([singular, plural]) => [plural, singular]))
const pluralOf = new Map(irregularWords)
const claimed = new Set(irregularWords.flat())

/** Options of `splitWords` and `inflect`. */
export interface SplitOptions {
  /** Longest accepted input (default `maxNameLength`). */
  maxLength?: number
  /** The larger input the name came from, quoted in messages: `author:references(users)`. */
  context?: string
}

/**
 * Split a name typed in kebab, snake, camel or Pascal case into lowercase words, refusing
 * anything unsafe as a file name, an identifier or a table name. The message names the rule.
 *
 * @param label What the name is, for the message: `resource name`, `field name`, ...
 * @example splitWords('BlogPosts', 'resource name') // ['blog', 'posts']
 * @throws GenError naming the broken rule.
 */
export function splitWords(input: string, label: string, options: SplitOptions = {}): string[] {
  const { maxLength = maxNameLength, context } = options
  const where = context ? ` in ${JSON.stringify(context)}` : ''
  const fail = (rule: string): never => {
    throw new GenError(`Invalid ${label} ${JSON.stringify(input)}${where}: ${rule}.`)
  }
  if (input.trim() === '') fail('it is empty')
  if (input.length > maxLength) fail(`it is too long (${input.length} characters, at most ${maxLength})`)
  if (input.includes('..')) fail('it must not contain ".."')
  if (/[/\\]/.test(input)) fail('it must not contain path separators ("/" or "\\")')
  const nonAscii = /[\u0080-\uffff]/.exec(input)
  if (nonAscii) fail(`it must be ASCII (found ${JSON.stringify(nonAscii[0])})`)
  const invalid = /[^A-Za-z0-9_-]/.exec(input)
  if (invalid) fail(`it may only contain letters, digits, "-" and "_" (found ${JSON.stringify(invalid[0])})`)
  if (/^[0-9]/.test(input)) fail('it must not start with a digit')
  if (!/^[A-Za-z]/.test(input)) fail('it must start with a letter')
  if (/[-_]$/.test(input)) fail('it must not end with "-" or "_"')
  if (/[-_]{2}/.test(input)) fail('it must not contain consecutive separators ("--", "__", "-_")')
  if (input.length < 2) fail('it is too short (at least 2 characters)')
  return input
    .split(/[-_]/)
    .flatMap((part) =>
      part
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .split(' '),
    )
    .map((word) => word.toLowerCase())
}

/** Singular and plural of one lowercase word, project rules first, then `pluralize`. */
function inflectWord(word: string): { singular: string; plural: string } {
  if (uncountableWords.has(word)) return { singular: word, plural: word }
  const irregularSingular = singularOf.get(word)
  if (irregularSingular) return { singular: irregularSingular, plural: word }
  const irregularPlural = pluralOf.get(word)
  if (irregularPlural) return { singular: word, plural: irregularPlural }
  // pluralize guesses each direction separately; accept a guess only when the other
  // direction maps it back, so the singular and the plural form always name the same table.
  // A guess that is a word of the project rules (`len` → `lens`) is refused too.
  const usable = (guess: string) => /^[a-z0-9]+$/.test(guess) && !uncountableWords.has(guess) && !claimed.has(guess)
  const singular = pluralize.singular(word)
  if (singular !== word && usable(singular) && pluralize.plural(singular) === word) return { singular, plural: word }
  const plural = pluralize.plural(word)
  if (plural !== word && usable(plural) && pluralize.singular(plural) === word) return { singular: word, plural }
  return { singular: word, plural: word }
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

/** `['blog', 'post']` → `BlogPost`. */
function pascalCase(words: readonly string[]): string {
  return words.map(capitalize).join('')
}

/** `['blog', 'post']` → `blogPost`. */
export function camelCase(words: readonly string[]): string {
  return words.map((word, i) => (i === 0 ? word : capitalize(word))).join('')
}

/**
 * Validate a resource name and derive every form of it. Singular or plural input gives the
 * same result (`post`, `posts`, `Post` all name the `posts` table).
 *
 * @example
 * inflect('BlogPosts').snake // 'blog_posts'
 * inflect('person').kebab // 'people'
 * inflect('class') // throws GenError: ... JavaScript reserved word ...
 * @throws GenError naming the broken rule.
 */
export function inflect(name: string, options: Pick<SplitOptions, 'context'> = {}): Inflection {
  const words = splitWords(name, 'resource name', options)
  const head = words.slice(0, -1)
  const { singular, plural } = inflectWord(words[words.length - 1] ?? '')
  const singularWords = [...head, singular]
  const pluralWords = [...head, plural]
  const inflection: Inflection = {
    input: name,
    singular: singularWords.join(' '),
    plural: pluralWords.join(' '),
    pascal: pascalCase(singularWords),
    pascalPlural: pascalCase(pluralWords),
    camel: camelCase(singularWords),
    camelPlural: camelCase(pluralWords),
    snake: pluralWords.join('_'),
    snakeSingular: singularWords.join('_'),
    kebab: pluralWords.join('-'),
    uncountable: singular === plural,
  }
  checkForms(inflection, options.context)
  return inflection
}

/** Same as `inflect`: the name reads better at call sites that only validate. */
export const validateName = inflect

function checkForms(inflection: Inflection, context: string | undefined): void {
  const where = context ? ` in ${JSON.stringify(context)}` : ''
  const fail = (rule: string): never => {
    throw new GenError(`Invalid resource name ${JSON.stringify(inflection.input)}${where}: ${rule}.`)
  }
  if (inflection.camel.length < 2) fail(`its singular form "${inflection.camel}" is too short (at least 2 characters)`)
  for (const identifier of [inflection.camel, inflection.camelPlural]) {
    if (jsReservedWords.has(identifier)) {
      fail(`"${identifier}" is a JavaScript reserved word and cannot name a variable; choose another name`)
    }
  }
  for (const type of [inflection.pascal, inflection.pascalPlural]) {
    if (reservedTypeNames.has(type)) {
      fail(`its type name "${type}" would shadow the built-in "${type}" in generated code; use a more specific name`)
    }
  }
  const table = inflection.snake
  if (sqliteKeywords.has(table)) {
    fail(`its table name "${table}" is an SQLite keyword; choose another name`)
  }
  if (postgresReservedWords.has(table)) fail(`its table name "${table}" is reserved in Postgres; choose another name`)
  if (table.startsWith('sqlite_')) fail(`its table name "${table}" starts with "sqlite_", reserved by SQLite`)
  if (table.startsWith('pg_')) fail(`its table name "${table}" starts with "pg_", reserved by Postgres`)
  if (reservedTableNames.has(table)) fail(`its table name "${table}" is where migrations are recorded`)
  for (const form of [inflection.snakeSingular, table, inflection.kebab]) {
    if (builtInRouteNames.has(form)) fail(`it collides with the built-in route module "${form}"`)
  }
}

/** Every form of a module name that is used as given, not pluralized (endpoints, middleware). */
export interface ModuleName {
  /** The name as given: `publishBook`. */
  input: string
  /** Lowercase words, for prose: `publish book`. */
  words: string
  /** File name: `publish-book`. */
  kebab: string
  /** Exported value: `publishBook`. */
  camel: string
  /** Type names: `PublishBook`. */
  pascal: string
}

/**
 * Validate an endpoint or middleware name and derive its forms. Unlike `inflect`, the words
 * are kept as typed: an endpoint `publish-book` is one action, not a collection.
 *
 * @example moduleName('publish-book', 'endpoint name').camel // 'publishBook'
 * @throws GenError naming the broken rule.
 */
export function moduleName(input: string, label: ModuleLabel): ModuleName {
  const words = splitWords(input, label)
  const forms: ModuleName = {
    input,
    words: words.join(' '),
    kebab: words.join('-'),
    camel: camelCase(words),
    pascal: pascalCase(words),
  }
  const fail = (rule: string): never => {
    throw new GenError(`Invalid ${label} ${JSON.stringify(input)}: ${rule}.`)
  }
  if (jsReservedWords.has(forms.camel)) fail(`"${forms.camel}" is a JavaScript reserved word; choose another name`)
  if (reservedTypeNames.has(forms.pascal)) fail(`its type name "${forms.pascal}" would shadow the built-in one`)
  if (templateImports[label].has(forms.camel))
    fail(`the generated code already imports "${forms.camel}"; choose another name`)
  if (label === 'endpoint name' && builtInRouteNames.has(forms.kebab)) {
    fail(`it collides with the built-in route module "${forms.kebab}"`)
  }
  return forms
}
