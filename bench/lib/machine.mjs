// Describe the machine and toolchain the numbers were measured on.

import { readFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { join } from 'node:path'
import { BENCH_DIR, benchEnv, NODE22, REPO_DIR, readJson, run, setClkTck } from './util.mjs'

export async function describeMachine() {
  const cpuModel = (() => {
    try {
      const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)
      return m ? m[1].trim() : cpus()[0]?.model
    } catch {
      return cpus()[0]?.model
    }
  })()
  const os = (() => {
    try {
      return readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)"?/m)?.[1]
    } catch {
      return undefined
    }
  })()
  const clk = await run('getconf', ['CLK_TCK'])
  if (clk.code === 0 && Number(clk.stdout.trim()) > 0) setClkTck(Number(clk.stdout.trim()))
  const node22 = await run(NODE22, ['-v'])
  const npm = await run('npm', ['-v'])
  const version = (p) => {
    try {
      return readJson(join(BENCH_DIR, 'node_modules', p, 'package.json')).version
    } catch {
      return undefined
    }
  }
  const git = await run('git', ['log', '-1', '--format=%h %s'], { cwd: REPO_DIR, env: benchEnv() })
  return {
    date: new Date().toISOString(),
    cpuModel,
    cores: cpus().length,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    os: os ?? 'unknown',
    kernel: release(),
    loadAvgAtStart: loadavg().map((x) => +x.toFixed(2)),
    nodeSystem: process.env.BENCH_SYSTEM_NODE ?? 'unknown',
    nodeBench: node22.stdout.trim(),
    npm: npm.stdout.trim(),
    wrangler: version('wrangler'),
    workerd: version('workerd'),
    miniflare: version('miniflare'),
    hono: version('hono'),
    zod: version('zod'),
    autocannon: version('autocannon'),
    createVite: version('create-vite'),
    repoCommit: git.stdout.trim(),
    clkTck: Number(clk.stdout.trim()) || 100,
  }
}
