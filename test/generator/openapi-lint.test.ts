/**
 * The built OpenAPI document is complete for the people who read it: the recommended rules
 * of two common linters, Redocly's and Spectral's, find nothing to warn about in the
 * document of a new service, of a bare one, or of one grown with every field type and an
 * endpoint. No rule is turned off: a finding is fixed in the builder or the route docs.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core'
import { Document, type RulesetDefinition, Spectral } from '@stoplight/spectral-core'
import * as Parsers from '@stoplight/spectral-parsers'
import { oas } from '@stoplight/spectral-rulesets'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, type TestProject } from './gen-project.js'

/** One finding: the linter, the rule and where, then what it says. */
type Finding = { key: string; message: string }

/** Redocly's `recommended` ruleset: its errors and warnings. */
async function redocly(source: string): Promise<Finding[]> {
  const config = await createConfig({ extends: ['recommended'] })
  const problems = await lintFromString({ source, absoluteRef: '/svc/public/openapi.json', config })
  return problems
    .filter((problem) => problem.severity === 'error' || problem.severity === 'warn')
    .map((problem) => ({
      key: `redocly ${problem.ruleId} at ${problem.location.map((location) => location.pointer).join(', ')}`,
      message: `${problem.severity}: ${problem.message}`,
    }))
}

// Spectral's DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint.
const spectralSeverity = ['error', 'warning', 'information', 'hint'] as const

/** Spectral's `spectral:oas` ruleset (its recommended rules): errors and warnings. */
async function spectral(source: string): Promise<Finding[]> {
  const linter = new Spectral()
  // The ruleset's own type misses `extends`, which RulesetDefinition requires; it is one all the same.
  linter.setRuleset({ extends: [[oas as RulesetDefinition, 'recommended']] })
  const results = await linter.run(new Document(source, Parsers.Json, '/svc/public/openapi.json'))
  return results
    .filter((result) => result.severity <= 1)
    .map((result) => ({
      key: `spectral ${result.code} at #/${result.path.map((part) => String(part).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`,
      message: `${spectralSeverity[result.severity]}: ${result.message}`,
    }))
}

/**
 * Findings kept on purpose, each with why it cannot sensibly be met. Not configured off:
 * the linters still report them, the test checks each is still there (so a stale entry
 * fails too) and that nothing else is.
 */
const accepted: Record<string, string> = {
  // The liveness probe validates nothing and runs before the rate limiter, so it never
  // answers a 4xx; listing one would tell monitors something false.
  'redocly operation-4xx-response at #/paths/~1health/get/responses': 'GET /health answers no 4xx',
}

/** Lints the document with both linters; a failing test prints every finding. */
async function expectClean(document: string): Promise<void> {
  const findings = [...(await redocly(document)), ...(await spectral(document))]
  const unexpected = findings.filter((finding) => !(finding.key in accepted))
  expect(unexpected.map(({ key, message }) => `${key}: ${message}`).join('\n'), `${unexpected.length} findings`).toBe(
    '',
  )
  expect(findings.map((finding) => finding.key).sort()).toEqual(Object.keys(accepted).sort())
}

/** Every field type of `gen resource`, optional and unique ones among them. */
const everyField = [
  'title:string!',
  'body:text?',
  'count:integer',
  'price:number?',
  'done:boolean',
  'due:datetime?',
  'day:date',
  'contact:email!',
  'site:url?',
  'ref:uuid?',
  'meta:json?',
  'kind:enum(a|b)',
  'note:references(notes)?',
]

describe('the OpenAPI document against common linters', () => {
  const projects: TestProject[] = []
  afterAll(async () => {
    await Promise.all(projects.map((project) => project.remove()))
  })
  async function project(options?: Parameters<typeof createProject>[0]): Promise<TestProject> {
    const created = await createProject(options)
    projects.push(created)
    return created
  }

  it('Should find nothing to warn about in a new service (D1, JWT, docs)', async () => {
    const svc = await project()
    await expectClean(await svc.read('public/openapi.json'))
  }, 60_000)

  it('Should find nothing to warn about in a service without database or auth', async () => {
    const svc = await project({ db: 'none', auth: 'none' })
    await expectClean(await svc.read('public/openapi.json'))
  }, 60_000)

  it('Should report what a reader would miss (both linters run their rules)', async () => {
    const svc = await project()
    const document = JSON.parse(await svc.read('public/openapi.json'))
    delete document.paths['/notes'].post.description
    document.paths['/notes'].post.requestBody.content['application/json'].example = { title: 42 }
    const keys = [...(await redocly(JSON.stringify(document))), ...(await spectral(JSON.stringify(document)))].map(
      (finding) => finding.key,
    )
    expect(keys).toEqual(
      expect.arrayContaining([
        'redocly no-invalid-media-type-examples at #/paths/~1notes/post/requestBody/content/application~1json/example/title',
        'spectral operation-description at #/paths/~1notes/post',
        'spectral oas3-valid-media-example at #/paths/~1notes/post/requestBody/content/application~1json/example/title',
      ]),
    )
  }, 60_000)

  describe('a grown service', () => {
    let svc: TestProject
    beforeAll(async () => {
      svc = await project()
      for (const args of [
        ['gen', 'resource', 'items', ...everyField],
        [
          'gen',
          'endpoint',
          'publish-item',
          '--method',
          'post',
          '--path',
          '/items/:id/publish',
          '--query',
          'notify:boolean?',
          'limit:integer',
          '--body',
          'at:datetime',
          'note:string?',
          'channel:enum(web|mail)',
        ],
        ['gen', 'endpoint', 'stats', '--method', 'get', '--path', '/stats', '--public', '--query', 'since:date?'],
      ]) {
        const result = await svc.run(...args)
        expect(result, args.join(' ')).toMatchObject({ code: 0 })
      }
    }, 120_000)

    it('Should find nothing to warn about after gen resource with every field type and gen endpoint', async () => {
      const document = await svc.read('public/openapi.json')
      expect(Object.keys(JSON.parse(document).paths)).toEqual(
        expect.arrayContaining(['/items', '/items/{id}', '/items/{id}/publish', '/stats']),
      )
      await expectClean(document)
    }, 60_000)
  })
})
