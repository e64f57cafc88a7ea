import type { AppEnv } from '../../env'
import { Hono } from '../../lib/hono'
import { describeModule } from '../../lib/openapi-meta'
import { requireAuth, User } from '../../middleware/auth'

/** The authenticated caller, mounted at /me. */
export const me = new Hono<AppEnv>()

const route = describeModule({
  tag: 'me',
  description: 'The caller, as the bearer token identifies them',
  schemas: { User },
})

me.use(requireAuth)

me.get(
  '/',
  route({
    summary: 'Who the caller is',
    description: 'The subject and scopes of the verified bearer token.',
    responses: { 200: { description: 'The caller', schema: User } },
  }),
  (c) => c.json(c.var.user),
)
