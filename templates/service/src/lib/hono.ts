import type { Env, Schema } from 'hono'
import { HonoBase, type HonoOptions } from 'hono/hono-base'
import { TrieRouter } from 'hono/router/trie-router'
import type { BlankSchema } from 'hono/types'

/**
 * Hono with one router, the trie. `import { Hono } from 'hono'` pairs it with the RegExp
 * router, which adds 1.8 KB gzip to the Worker; the trie alone matches as strictly (a
 * trailing slash is another path) and fast enough for a service's routes, and the
 * method-not-allowed middleware bundles it anyway. The app and every route module use this
 * class, so the other routers never enter the bundle.
 */
export class Hono<E extends Env = Env, S extends Schema = BlankSchema, BasePath extends string = '/'> extends HonoBase<
  E,
  S,
  BasePath
> {
  constructor(options: HonoOptions<E> = {}) {
    super({ router: new TrieRouter(), ...options })
  }
}
