import { createRequire } from 'node:module'

/**
 * postgres.js's Node build. Loaded with `require` because these scripts also run inside the
 * test runner's global setup, where the Workers plugin's `workerd` resolve condition would
 * otherwise pick the Workers build (which needs `cloudflare:sockets`).
 */
export const postgres: typeof import('postgres') = createRequire(import.meta.url)('postgres')
