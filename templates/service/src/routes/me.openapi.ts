import * as z from 'zod/mini'
import type { PathGroup } from '../openapi/types'

const User = z.object({ id: z.string(), scopes: z.array(z.string()) })

export const mePaths: PathGroup = {
  tag: 'me',
  auth: true,
  schemas: { User },
  operations: [
    {
      method: 'get',
      path: '/me',
      summary: 'The authenticated caller',
      responses: { 200: { description: 'The caller, from the token claims', schema: User } },
    },
  ],
}
