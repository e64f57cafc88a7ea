import { createRequire } from 'node:module'

/**
 * postgres.js's Node build. Loaded with `require` because these scripts also run inside the
 * test runner's global setup, where the Workers plugin's `workerd` resolve condition would
 * otherwise pick the Workers build (which needs `cloudflare:sockets`).
 */
export const postgres: typeof import('postgres') = createRequire(import.meta.url)('postgres')

/** Creates database `name` on the server `adminUrl` reaches, unless it exists; answers its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`
    if (!exists) await admin`CREATE DATABASE ${admin(name)}`
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${encodeURIComponent(name)}`
  return url.href
}
