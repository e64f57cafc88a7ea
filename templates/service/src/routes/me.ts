import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { requireAuth } from '../middleware/auth'

/** The authenticated caller. */
export const me = new Hono<AppEnv>()

me.use(requireAuth)

me.get('/', (c) => c.json(c.var.user))
