/**
 * `npm run build`: writes dist/ as it is published. The two bins (and the release-stamp
 * module the pack scripts import) are bundled by esbuild with their dependencies, sharing
 * chunks, so installing the package downloads nothing else; the shipped `.hbs` templates are
 * precompiled into the bundle, so it carries the Handlebars runtime but not its compiler.
 * Types are checked separately (`npm run typecheck`).
 *
 * Run with tsx: tsx scripts/build.ts
 */
import { chmod, readdir, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { precompiledModule, readShippedTemplates } from '../src/handlebars/precompile.js'
import { releaseStampPath } from '../src/release-stamp.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const bins = ['cli/create', 'cli/honoforge']

/** Swaps src/handlebars/precompiled.ts (an empty table) for the table of every shipped template. */
function precompiledTemplates(source: string): Plugin {
  const stub = join(root, 'src', 'handlebars', 'precompiled.ts')
  return {
    name: 'precompiled-templates',
    setup(esbuild) {
      esbuild.onLoad({ filter: /[\\/]handlebars[\\/]precompiled\.ts$/ }, (args) =>
        args.path === stub ? { contents: source, loader: 'js' } : undefined,
      )
    },
  }
}

/**
 * Left to be resolved at run time: node-plop (an optional peer dependency, installed in
 * services) and the Handlebars compiler (only for sources not precompiled; see src/handlebars).
 */
const runtimeOnly: Plugin = {
  name: 'runtime-only',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^(node-plop|handlebars)$/ }, (args) => ({ path: args.path, external: true }))
  },
}

// Clear out the last build (chunk names change with their contents), all but the release stamp:
// `npm publish` runs prepublishOnly, which writes it, before prepack, which builds.
for (const entry of await readdir(join(root, 'dist')).catch(() => [])) {
  if (`dist/${entry}` !== releaseStampPath) await rm(join(root, 'dist', entry), { recursive: true, force: true })
}
const table = precompiledModule(await readShippedTemplates(root))
await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries([...bins, 'release-stamp'].map((name) => [name, `src/${name}.ts`])),
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // jsonc-parser's `main` is a UMD build that requires its own files at run time: take its ES module.
  mainFields: ['module', 'main'],
  plugins: [precompiledTemplates(table), runtimeOnly],
  // Whitespace and syntax only: the precompiled templates are most of the bundle, and kept
  // identifiers leave stack traces readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
})
for (const bin of bins) await chmod(join(root, 'dist', `${bin}.js`), 0o755)
