/**
 * `honoforge eject <generator> --plop`: a working team generator made from a built-in one,
 * to start a plopfile from. It writes `plop/<generator>/plopfile.mjs` with the built-in
 * templates beside it, and lists the plopfile in `honoforge.plopfiles` of package.json, so
 * `honoforge gen team-<generator>` runs it and writes what the built-in writes.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { applyEdits, modify, parse } from 'jsonc-parser'
import { formatFiles } from '../code-format.js'
import { GenError } from '../errors.js'
import { generators } from '../generators.js'
import type { GeneratorKind } from '../manifest.js'
import { type GenRuntime, type PlanFlags, settle } from '../pipeline.js'
import type { FileChange } from '../plan.js'
import { type Project, readRequired } from '../project.js'
import { builtInTemplatesRoot } from '../render.js'

/** The built-in generators a plopfile can equal: their templates need only the names plop's helpers give. */
const ejectable = ['middleware'] as const

export async function ejectPlop(
  project: Project,
  generator: GeneratorKind,
  flags: PlanFlags,
  runtime: GenRuntime,
): Promise<void> {
  if (!(ejectable as readonly string[]).includes(generator)) {
    throw new GenError(
      `eject --plop writes a plopfile for ${ejectable.join(', ')}: the ${generator} generator's templates take inputs ` +
        `honoforge computes (eject ${generator} without --plop copies them as overrides instead).`,
    )
  }
  const dir = `plop/${generator}`
  const plopfile = `./${dir}/plopfile.mjs`
  const changes: FileChange[] = [{ path: `${dir}/plopfile.mjs`, content: middlewarePlopfile(generator) }]
  for (const { template } of generators.middleware.templates) {
    const content = await readFile(join(builtInTemplatesRoot(), generator, template), 'utf8')
    changes.push({ path: `${dir}/templates/${template}`, content })
  }
  changes.push({
    path: 'package.json',
    content: listed(await readRequired(project, 'package.json'), plopfile),
    edit: true,
  })
  const next = [
    `npx honoforge gen team-${generator} --name audit-log runs it; edit ${dir}/ to make it your team's.`,
    'Its prompts are flags, its add, addMany, modify and append actions are planned, previewed with --dry-run, recorded and undone by destroy.',
  ]
  await settle(project, await formatFiles(project.root, changes), flags, runtime, { next, handsOver: true })
}

/** package.json with the plopfile in `honoforge.plopfiles` (once). */
function listed(source: string, plopfile: string): string {
  const current = (parse(source) as { honoforge?: { plopfiles?: unknown } }).honoforge?.plopfiles
  const plopfiles = Array.isArray(current) ? current : []
  if (plopfiles.includes(plopfile)) return source
  const edits = modify(source, ['honoforge', 'plopfiles'], [...plopfiles, plopfile], {
    formattingOptions: { insertSpaces: true, tabSize: 2 },
  })
  return applyEdits(source, edits)
}

/** The plopfile of the middleware generator: one prompt, the built-in's names, its two templates. */
function middlewarePlopfile(generator: string): string {
  return `/**
 * A team generator made by \`honoforge eject ${generator} --plop\`: \`npx honoforge gen team-${generator} --name audit-log\`
 * writes what \`honoforge gen ${generator} audit-log\` does, from the templates beside this file. Change them, add
 * prompts (each is a flag) and add, addMany, modify or append actions with plop's API: honoforge plans every run,
 * previews it with --dry-run, records it in .honoforge/manifest.json and undoes it with
 * \`npx honoforge destroy team-${generator} audit-log\`.
 */
export default function (plop) {
  plop.setGenerator('team-${generator}', {
    description: 'A typed middleware module with its test, from plop/${generator}/',
    prompts: [
      {
        type: 'input',
        name: 'name',
        message: 'Middleware name: audit-log',
        validate: (value) => /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(value) || 'lowercase words joined by dashes',
      },
    ],
    actions: (answers) => {
      // The names the built-in generator gives its templates, from plop's own case helpers.
      const middleware = {
        kebab: plop.getHelper('kebabCase')(answers.name),
        camel: plop.getHelper('camelCase')(answers.name),
        pascal: plop.getHelper('pascalCase')(answers.name),
        Words: plop.getHelper('sentenceCase')(answers.name),
      }
      return [
        {
          type: 'add',
          path: 'src/middleware/{{middleware.kebab}}.ts',
          templateFile: 'templates/middleware.ts.hbs',
          data: { middleware },
        },
        {
          type: 'add',
          path: 'test/middleware/{{middleware.kebab}}.test.ts',
          templateFile: 'templates/test.ts.hbs',
          data: { middleware },
        },
      ]
    },
  })
}
`
}
