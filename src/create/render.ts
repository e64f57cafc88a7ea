import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type FieldKind, fieldKinds } from '../gen/field-types.js'
import { renderHandlebars, shippedTemplates } from '../handlebars/index.js'
import { packageInfo, templatesRoot } from '../package-info.js'
import { dependencySpec, type HonoforgeDependency } from './honoforge-dependency.js'
import { recordMaking } from './record-base.js'
import { compatibilityDate, type TemplateConfig, type TemplateContext, type TemplateFeature } from './template.js'

/** The rendered project: output-relative path (always `/`-separated) → file contents. */
export type FileTree = Map<string, string>

/**
 * Build the render context from the resolved options, adding the derived flags, this
 * package's version and where the service gets it from, a fresh local JWT secret and the
 * pinned compatibility date.
 *
 * @param honoforge Where the service's create-honoforge comes from (default: the registry).
 */
export function createTemplateContext(
  options: Pick<TemplateContext, 'name' | 'db' | 'auth' | 'docs' | 'pm'>,
  honoforge: HonoforgeDependency = { source: 'registry', version: packageInfo().version },
): TemplateContext {
  return {
    name: options.name,
    db: options.db,
    auth: options.auth,
    docs: options.docs,
    pm: options.pm,
    d1: options.db === 'd1',
    postgres: options.db === 'postgres',
    database: options.db !== 'none',
    hasAuth: options.auth !== 'none',
    jwt: options.auth === 'jwt',
    jwks: options.auth === 'jwks',
    honoforgeVersion: honoforge.version,
    honoforgeDependency: dependencySpec(honoforge),
    honoforgeTarball: honoforge.source === 'vendored' ? honoforge.tarball : undefined,
    jwtSecret: randomBytes(32).toString('hex'),
    compatibilityDate,
    fieldTypes: fieldTypeList(),
  }
}

/** The field types `gen resource` takes, as its users write them: from the generator's own table. */
function fieldTypeList(): string {
  const written: Partial<Record<FieldKind, string>> = { enum: 'enum(a|b)', references: 'references(<resource>)' }
  return fieldKinds.map((kind) => `\`${written[kind] ?? kind}\``).join(', ')
}

/**
 * Map a path inside the template folder to its path in the generated project: segments
 * starting with `_` start with `.` instead (npm pack drops dotfiles such as .gitignore), and
 * a trailing `.hbs` is dropped.
 *
 * @example outputPath('_github/workflows/ci.yml') // '.github/workflows/ci.yml'
 * @example outputPath('_dev.vars.hbs')            // '.dev.vars'
 */
export function outputPath(templatePath: string): string {
  return templatePath
    .split('/')
    .map((segment) => (segment.startsWith('_') ? `.${segment.slice(1)}` : segment))
    .join('/')
    .replace(/\.hbs$/, '')
}

/**
 * Render a template into memory. `.hbs` files go through Handlebars (no HTML escaping: the
 * output is code, not HTML); other files are copied as they are. Files of features whose
 * `when` is false are left out. Then the template's additions whose option is chosen run on
 * the rendered tree (the example resource, through its generator), and a service records its
 * making: create's options in the manifest, the rendered files as the base `honoforge
 * upgrade` merges against.
 *
 * Throws when the template folder is missing, when a feature path matches no file in the
 * template, or when two template files map to the same output path.
 *
 * @param root Folder holding `templates/<id>/` folders (default: the shipped `templates/`).
 */
export async function renderTemplate(
  template: TemplateConfig,
  context: TemplateContext,
  root: string = templatesRoot(),
): Promise<FileTree> {
  const dir = join(root, template.id)
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  )
  if (!isDir) throw new Error(`Template "${template.id}" not found: ${dir} is not a directory.`)

  const sources = new Map<string, string>() // output path → template path
  for (const templatePath of await listFiles(dir)) {
    const out = outputPath(templatePath)
    const clash = sources.get(out)
    if (clash) throw new Error(`Template "${template.id}": ${clash} and ${templatePath} both produce ${out}.`)
    sources.set(out, templatePath)
  }
  assertFeaturePathsExist(template, [...sources.keys()])

  const excluded = template.features.filter((feature) => !feature.when(context))
  const tree: FileTree = new Map()
  // Sorted by output path so the tree (and all printed or snapshotted from it) is stable.
  for (const [out, templatePath] of [...sources].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (excluded.some((feature) => feature.paths.some((path) => matches(path, out)))) continue
    // Synchronous: dozens of small files are read several times faster than through the thread pool.
    const source = readFileSync(join(dir, templatePath), 'utf8')
    tree.set(
      out,
      templatePath.endsWith('.hbs') ? await renderFile(source, context, `${template.id}/${templatePath}`) : source,
    )
  }
  for (const addition of template.additions ?? []) {
    if (addition.when(context)) await addition.add(tree)
  }
  recordMaking(tree, context)
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** Whether a feature path (exact file, or directory prefix ending in `/`) covers an output path. */
export function matches(featurePath: string, out: string): boolean {
  return featurePath.endsWith('/') ? out.startsWith(featurePath) : out === featurePath
}

/** A descriptor entry that matches nothing means the descriptor and the tree have drifted. */
function assertFeaturePathsExist(template: TemplateConfig, outputs: string[]): void {
  const stale = template.features.flatMap((feature: TemplateFeature) =>
    feature.paths
      .filter((path) => !outputs.some((out) => matches(path, out)))
      .map((path) => `${feature.name}: ${path}`),
  )
  if (stale.length > 0) {
    throw new Error(
      `Template "${template.id}" descriptor lists paths that match no file in the template: ${stale.join(', ')}`,
    )
  }
}

async function renderFile(source: string, context: TemplateContext, label: string): Promise<string> {
  try {
    return await renderHandlebars(source, context, shippedTemplates.service.options)
  } catch (error) {
    throw new Error(`Cannot render template file ${label}: ${(error as Error).message}`, { cause: error })
  }
}

/** All files under `dir`, as `/`-separated relative paths. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = []
  const entries = await readdir(join(dir, prefix), { withFileTypes: true })
  for (const entry of entries) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) files.push(...(await listFiles(dir, path)))
    else files.push(path)
  }
  return files
}
