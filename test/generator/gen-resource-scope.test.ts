import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createProject, recordOf, type TestProject } from './gen-project.js'

let project: TestProject
beforeEach(async () => {
  project = await createProject()
})
afterEach(async () => {
  await project.remove()
})

describe('honoforge gen resource --scope', () => {
  it('Should require the scope for writes only, document the 403 there, and record the flag', async () => {
    const result = await project.run('gen', 'resource', 'tags', 'label:string', '--scope', 'tags:write')
    expect(result.code).toBe(0)
    const router = await project.read('src/routes/tags/index.ts')
    expect(router).toContain("import { requireAuth, requireScope } from '../../middleware/auth'")
    expect(router).toContain("const requireWriter = requireScope('tags:write')")
    // Once in each of POST, PATCH and DELETE, after the route's docs and before its validators.
    expect(router.match(/\}\),\n {2}requireWriter,\n/g)).toHaveLength(3)

    const { paths } = JSON.parse(await project.read('public/openapi.json'))
    for (const [path, method] of [
      ['/tags', 'post'],
      ['/tags/{id}', 'patch'],
      ['/tags/{id}', 'delete'],
    ] as const) {
      expect(paths[path][method].responses['403'], `${method} ${path}`).toBeDefined()
    }
    for (const [path, method] of [
      ['/tags', 'get'],
      ['/tags/{id}', 'get'],
    ] as const) {
      expect(paths[path][method].responses, `${method} ${path}`).not.toHaveProperty('403')
      expect(paths[path][method].security).toEqual([{ bearerAuth: [] }])
    }
    expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())
    expect((await recordOf(project, 'tags')).args).toEqual({
      fields: ['label:string'],
      public: false,
      scope: 'tags:write',
    })

    const test = await project.read('test/tags.test.ts')
    expect(test).toContain("const { request, api } = authedAs({ scope: 'tags:write' })")
    expect(test).toContain('with a 403 naming tags:write to a token without it')
    expect(test).toContain('Should let a token without tags:write read tags')
  })

  it('Should be a no-op when run again with the same flag, and drop the scope when run without it', async () => {
    await project.run('gen', 'resource', 'tags', 'label:string', '--scope', 'tags:write')
    const generated = await project.snapshot()
    const again = await project.run('gen', 'resource', 'tags', 'label:string', '--scope', 'tags:write')
    expect(again.code).toBe(0)
    expect(await project.snapshot()).toEqual(generated)

    expect((await project.run('gen', 'resource', 'tags', 'label:string')).code).toBe(0)
    expect(await project.read('src/routes/tags/index.ts')).not.toContain('requireScope')
    expect((await recordOf(project, 'tags')).args).toEqual({ fields: ['label:string'], public: false })
  })

  it('Should keep the scope when gen endpoint re-renders the resource router', async () => {
    await project.run('gen', 'resource', 'tags', 'label:string', '--scope', 'tags:write')
    const result = await project.run('gen', 'endpoint', 'tag-stats', '--method', 'get', '--path', '/tags/stats')
    expect(result.code).toBe(0)
    const router = await project.read('src/routes/tags/index.ts')
    expect(router).toContain('tagStats')
    expect(router.match(/requireWriter,/g)).toHaveLength(3)
  })

  it("Should give the tests of a child a token with its parents' scopes", async () => {
    await project.run('gen', 'resource', 'authors', 'name:string', '--scope', 'authors:write')
    await project.run(
      'gen',
      'resource',
      'books',
      'title:string',
      'author:references(authors)',
      '--scope',
      'books:write',
    )
    expect(await project.read('test/books.test.ts')).toContain(
      "const { request, api } = authedAs({ scope: 'authors:write books:write' })",
    )
    // A public child creates its scoped parents with a token that has their scope.
    await project.run('gen', 'resource', 'reviews', 'body:text', 'author:references(authors)', '--public')
    const reviews = await project.read('test/reviews.test.ts')
    expect(reviews).toContain("const { request: authedRequest } = authedAs({ scope: 'authors:write' })")
    expect(reviews).toContain("await authedRequest('/authors', json('POST', body))")
    expect(await project.read('public/openapi.json')).toBe(await project.fullOpenApi())
  })

  it.each([
    [['--public', '--scope', 'tags:write'], '--scope and --public contradict each other'],
    [['--scope', 'tags write'], '"tags write" is not a scope name'],
    [['--scope', "it's"], `"it's" is not a scope name`],
  ])('Should refuse %j with exit 1 and write nothing', async (flags, message) => {
    const before = await project.snapshot()
    const result = await project.run('gen', 'resource', 'tags', 'label:string', ...flags)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(message)
    expect(await project.snapshot()).toEqual(before)
  })
})

describe('gen resource --scope in services created with other options', () => {
  it('Should refuse --scope in a service without auth', async () => {
    const open = await createProject({ auth: 'none' })
    try {
      const result = await open.run('gen', 'resource', 'tags', 'label:string', '--scope', 'tags:write')
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('--scope needs a service with auth')
      expect(await open.exists('src/routes/tags/index.ts')).toBe(false)
    } finally {
      await open.remove()
    }
  })

  it('Should protect writes by scope in a Postgres service', async () => {
    const pg = await createProject({ db: 'postgres' })
    try {
      expect((await pg.run('gen', 'resource', 'tags', 'label:string', '--scope', 'tags:write')).code).toBe(0)
      expect((await pg.read('src/routes/tags/index.ts')).match(/requireWriter,/g)).toHaveLength(3)
      const test = await pg.read('test/tags.test.ts')
      expect(test).toContain("authorization: `Bearer ${await token({ scope: 'tags:write' })}`")
      expect(await pg.read('public/openapi.json')).toBe(await pg.fullOpenApi())
    } finally {
      await pg.remove()
    }
  })
})
