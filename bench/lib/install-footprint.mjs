// Figure 6: CLI install footprint — packed/unpacked size of the CLI package and of the
// node_modules it installs with production dependencies only (what `npm create` fetches),
// create-honoforge vs create-vite measured the same way.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dirSize, freshDir, REPO_DIR, run, tail } from './util.mjs'

/** `npm pack` the repo root (its prepack builds the CLI). Returns { tgz, packedBytes, unpackedBytes, files }. */
export async function packRepo(destDir) {
  freshDir(destDir)
  const res = await run('npm', ['pack', '--json', '--pack-destination', destDir], { cwd: REPO_DIR, timeoutMs: 300_000 })
  if (res.code === 0) return { ...describePack(res.stdout, destDir), rebuilt: true }
  // prepack (the CLI build) failed — e.g. the tree is mid-edit. Pack the dist/ already on disk so
  // the rest of the bench can run, and carry the build error along to be reported.
  const buildError = `npm pack (prepack: npm run build) exited ${res.code}:\n${tail(res.stderr || res.stdout, 20)}`
  if (!hasDist()) throw new Error(buildError)
  const again = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destDir], {
    cwd: REPO_DIR,
    check: true,
    timeoutMs: 300_000,
  })
  return { ...describePack(again.stdout, destDir), rebuilt: false, buildError }
}

/** `npm pack <spec>` from the registry. */
export async function packFromRegistry(spec, destDir) {
  freshDir(destDir)
  const res = await run('npm', ['pack', spec, '--json', '--pack-destination', destDir], {
    cwd: destDir,
    check: true,
    timeoutMs: 300_000,
  })
  return describePack(res.stdout, destDir)
}

function describePack(stdout, destDir) {
  // npm prints lifecycle output before the JSON array when prepack runs: take the JSON part.
  const start = stdout.indexOf('[\n')
  const info = JSON.parse(stdout.slice(start >= 0 ? start : stdout.indexOf('[')))[0]
  const tgz = join(destDir, info.filename)
  return {
    name: info.name,
    version: info.version,
    tgz,
    packedBytes: statSync(tgz).size,
    unpackedBytes: info.unpackedSize,
    files: info.entryCount,
  }
}

/** Install a tarball into an empty project with --omit=dev; measure node_modules. */
export async function installFootprint(tgz, dir) {
  freshDir(dir)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'footprint', private: true }, null, 2))
  const res = await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', tgz], {
    cwd: dir,
    check: true,
    timeoutMs: 300_000,
  })
  const nm = join(dir, 'node_modules')
  const size = dirSize(nm)
  const ls = await run('npm', ['ls', '--all', '--omit=dev', '--parseable'], { cwd: dir })
  const pkgPaths = ls.stdout
    .trim()
    .split('\n')
    .filter((l) => l && l !== dir)
  const dedupe = new Set(pkgPaths)
  // Largest packages (top-level folders of node_modules, scoped ones per package).
  const largest = []
  for (const name of readdirSync(nm)) {
    if (name.startsWith('.')) continue
    const dirs = name.startsWith('@') ? readdirSync(join(nm, name)).map((n) => `${name}/${n}`) : [name]
    for (const d of dirs) largest.push({ name: d, bytes: dirSize(join(nm, d)).bytes })
  }
  largest.sort((a, b) => b.bytes - a.bytes)
  return {
    largestPackages: largest.slice(0, 8),
    installMs: res.ms,
    nodeModulesBytes: size.bytes,
    nodeModulesFiles: size.files,
    packages: dedupe.size,
    packageNames: [...dedupe].map((p) => p.slice(p.lastIndexOf('node_modules/') + 13)).sort(),
  }
}

export async function measureFootprints({ workDir, createViteVersion, honoforgePack }) {
  const out = {}
  try {
    const pack = honoforgePack ?? (await packRepo(join(workDir, 'pack')))
    out.honoforge = { ok: true, ...pack, ...(await installFootprint(pack.tgz, join(workDir, 'footprint-honoforge'))) }
  } catch (err) {
    out.honoforge = { ok: false, error: err.message }
  }
  try {
    const pack = await packFromRegistry(`create-vite@${createViteVersion}`, join(workDir, 'pack-create-vite'))
    out.createVite = {
      ok: true,
      ...pack,
      ...(await installFootprint(pack.tgz, join(workDir, 'footprint-create-vite'))),
    }
  } catch (err) {
    out.createVite = { ok: false, error: err.message }
  }
  return out
}

export function hasDist() {
  return existsSync(join(REPO_DIR, 'dist', 'cli', 'create.js')) && readdirSync(join(REPO_DIR, 'dist')).length > 0
}
