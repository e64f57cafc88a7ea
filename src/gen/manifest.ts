/**
 * `.honoforge/manifest.json`: what each generator run produced, with content hashes, so a
 * later run can tell a file the user changed from one still as generated, and `destroy` can
 * remove only the latter. The manifest is written through the plan like any other file.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { GenError } from './errors.js'
import { type FsLayer, nodeFs } from './fs-layer.js'
import type { FileChange } from './plan.js'

/** Where the manifest lives, relative to the project root. */
export const manifestPath = '.honoforge/manifest.json'

export const generatorKinds = [
  'resource',
  'endpoint',
  'migration',
  'middleware',
  'auth',
  'channel',
  'cron',
  'queue',
] as const
export type GeneratorKind = (typeof generatorKinds)[number]

/** The kind recording a run of a team generator (a generator of the service's plopfile). */
export const teamKind = 'plop'

/** What a recorded run can be: a built-in generator, or a team generator. */
export type RecordedKind = GeneratorKind | typeof teamKind

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** A file a generator created, and the hash of the content it wrote. */
export interface ManifestFile {
  path: string
  sha256: string
}

/** One generator run: which generator, for which name, with which arguments. */
export interface Generation {
  generator: RecordedKind
  name: string
  files: ManifestFile[]
  /** The normalized arguments (fields, flags), enough to re-run or undo it. */
  args: { [key: string]: JsonValue }
}

/** What made the service: the honoforge version that last rendered it and create's options. */
export interface CreateRecord {
  version: string
  name: string
  db: string
  auth: string
  docs: boolean
  pm: string
}

export interface Manifest {
  version: 1
  /** Absent in services made before honoforge recorded it. */
  create?: CreateRecord
  /** In the order the runs happened (a re-run keeps the place of the first). */
  generated: Generation[]
}

/** A manifest with nothing recorded, used when the file does not exist yet. */
export function emptyManifest(): Manifest {
  return { version: 1, generated: [] }
}

/**
 * sha256 (hex) of text with line endings normalized to LF, so a checkout that converted the
 * file to CRLF still counts as unchanged.
 */
export function hashContent(content: string | Buffer): string {
  const text = typeof content === 'string' ? content : content.toString('utf8')
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex')
}

/**
 * Validate manifest text.
 *
 * @throws GenError when it is not JSON, not version 1, or not of the manifest's shape.
 */
export function parseManifest(text: string): Manifest {
  const fail = (problem: string): never => {
    throw new GenError(`${manifestPath} ${problem}; fix it (it is JSON written by honoforge) or restore it from git.`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    fail(`is not valid JSON (${(error as Error).message})`)
  }
  if (!isObject(data)) return fail('is not a JSON object')
  if (data.version !== 1) {
    return fail(`has version ${JSON.stringify(data.version)}, this honoforge reads version 1 (upgrade honoforge?)`)
  }
  if (!Array.isArray(data.generated)) return fail('has no "generated" list')
  if (data.create !== undefined && !isCreateRecord(data.create)) fail('has an invalid "create" record')
  for (const [i, entry] of (data.generated as unknown[]).entries()) {
    const at = `generated[${i}]`
    if (!isObject(entry)) return fail(`has a non-object ${at}`)
    if (![...generatorKinds, teamKind].includes(entry.generator as RecordedKind)) fail(`has an unknown ${at}.generator`)
    if (typeof entry.name !== 'string') fail(`has no ${at}.name`)
    if (!isObject(entry.args)) fail(`has no ${at}.args object`)
    const files = entry.files
    if (!Array.isArray(files) || !files.every((f) => isObject(f) && typeof f.path === 'string' && isHash(f.sha256))) {
      fail(`has an invalid ${at}.files list`)
    }
  }
  return data as unknown as Manifest
}

/** Read the project's manifest; an absent file is an empty manifest. */
export async function readManifest(root: string, fs: FsLayer = nodeFs): Promise<Manifest> {
  const bytes = await fs.readFile(join(root, ...manifestPath.split('/')))
  return bytes === undefined ? emptyManifest() : parseManifest(bytes.toString('utf8'))
}

/** The recorded run of `generator` for `name`, if any. */
export function findGeneration(manifest: Manifest, generator: RecordedKind, name: string): Generation | undefined {
  return manifest.generated.find((entry) => entry.generator === generator && entry.name === name)
}

/**
 * A new manifest with `generation` recorded: in place of an earlier run of the same generator
 * and name (so a re-run leaves the manifest as it was), else after the others.
 */
export function recordGeneration(manifest: Manifest, generation: Generation): Manifest {
  const same = (e: Generation) => e.generator === generation.generator && e.name === generation.name
  const generated = manifest.generated.some(same)
    ? manifest.generated.map((e) => (same(e) ? generation : e))
    : [...manifest.generated, generation]
  return { ...manifest, generated }
}

/** A new manifest where the run of `generator` for `name` records `files` anew (same paths, new hashes). */
export function withFiles(
  manifest: Manifest,
  generator: GeneratorKind,
  name: string,
  files: readonly ManifestFile[],
): Manifest {
  const hashes = new Map(files.map((file) => [file.path, file.sha256]))
  return {
    ...manifest,
    generated: manifest.generated.map((entry) =>
      entry.generator === generator && entry.name === name
        ? { ...entry, files: entry.files.map((file) => ({ ...file, sha256: hashes.get(file.path) ?? file.sha256 })) }
        : entry,
    ),
  }
}

/** A new manifest without the run of `generator` for `name` (unchanged if there is none). */
export function removeGeneration(manifest: Manifest, generator: RecordedKind, name: string): Manifest {
  return { ...manifest, generated: manifest.generated.filter((e) => !(e.generator === generator && e.name === name)) }
}

/** Recorded hash of every generated path (a later run wins if two recorded the same path). */
export function fileHashes(manifest: Manifest): Map<string, string> {
  return new Map(manifest.generated.flatMap((entry) => entry.files.map((file) => [file.path, file.sha256] as const)))
}

/** Manifest entries for the files a generator writes. */
export function manifestFiles(changes: readonly FileChange[]): ManifestFile[] {
  return changes.map((change) => ({ path: change.path, sha256: hashContent(change.content) }))
}

/**
 * Deterministic text: runs in the order they happened (upgrade replays them in that order),
 * files by path, object keys sorted (array order kept: field order matters), 2-space
 * indentation, trailing newline.
 */
export function serializeManifest(manifest: Manifest): string {
  const generated = manifest.generated.map((entry) => ({
    ...entry,
    files: [...entry.files].sort((a, b) => compare(a.path, b.path)),
  }))
  return `${JSON.stringify(sortKeys({ ...manifest, generated }), null, 2)}\n`
}

/**
 * The runs in the order to replay them: as recorded when the manifest records what made the
 * service; an older manifest listed them sorted, so there the order generators build on each
 * other is the best guess (accounts before the resources that may reference them).
 */
export function runsInOrder(manifest: Manifest): Generation[] {
  if (manifest.create) return [...manifest.generated]
  const order: RecordedKind[] = [
    'auth',
    'resource',
    'endpoint',
    'middleware',
    'migration',
    'channel',
    'queue',
    'cron',
    teamKind,
  ]
  return [...manifest.generated].sort((a, b) => order.indexOf(a.generator) - order.indexOf(b.generator))
}

/** The manifest as a plan change; it is generator-owned, so it never conflicts. */
export function manifestChange(manifest: Manifest): FileChange {
  return { path: manifestPath, content: serializeManifest(manifest), edit: true }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (!isObject(value)) return value
  return Object.fromEntries(
    Object.keys(value)
      .sort(compare)
      .map((key) => [key, sortKeys(value[key])]),
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCreateRecord(value: unknown): boolean {
  if (!isObject(value)) return false
  const text = ['version', 'name', 'db', 'auth', 'pm'].every((key) => typeof value[key] === 'string')
  return text && typeof value.docs === 'boolean'
}

function isHash(value: unknown): boolean {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)
}
