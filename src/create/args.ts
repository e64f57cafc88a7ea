import type { ArgsDef } from 'citty'
import { packageManagers } from './package-manager.js'
import { authChoices, dbChoices } from './template.js'

/**
 * Every input of `create-honoforge`, declared once: citty derives the parser, `--help` and
 * the parsed types from it. Booleans have no citty default on purpose: `undefined` means
 * "not given", which is what lets a prompt (or the default) fill the gap.
 */
export const createArgs = {
  dir: {
    type: 'positional',
    required: false,
    description: 'Directory to create the project in (default: my-api)',
  },
  name: {
    type: 'string',
    valueHint: 'worker-name',
    description: 'Worker and package name: lowercase letters, digits, dashes (default: from the directory name)',
  },
  db: { type: 'string', valueHint: dbChoices.join('|'), description: 'Database (default: d1)' },
  auth: { type: 'string', valueHint: authChoices.join('|'), description: 'Authentication (default: jwt)' },
  docs: {
    type: 'boolean',
    description: 'Serve an API reference UI for /openapi.json at /docs (default: on)',
    negativeDescription: 'Leave the /docs UI out (/openapi.json is still served)',
  },
  pm: {
    type: 'string',
    valueHint: packageManagers.join('|'),
    description: 'Package manager (default: the one running this command, else npm)',
  },
  install: {
    type: 'boolean',
    description: 'Install dependencies (default: on)',
    negativeDescription: 'Skip installing dependencies',
  },
  git: {
    type: 'boolean',
    description: 'git init and a first commit (default: on when git is on PATH)',
    negativeDescription: 'Skip git init',
  },
  yes: { type: 'boolean', alias: 'y', description: 'Accept the defaults for everything not given; never prompt' },
  force: { type: 'boolean', description: 'Write into a non-empty directory, overwriting files with the same paths' },
  verbose: { type: 'boolean', description: 'Print stack traces for errors' },
} as const satisfies ArgsDef

/** The flags `resolveOptions` reads: any subset, so tests can pass plain objects. */
export interface CreateFlags {
  dir?: string
  name?: string
  db?: string
  auth?: string
  docs?: boolean
  pm?: string
  install?: boolean
  git?: boolean
  yes?: boolean
  force?: boolean
}
