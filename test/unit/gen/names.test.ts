import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GenError } from '../../../src/gen/errors.js'
import { type Inflection, inflect, splitWords, validateName } from '../../../src/gen/names.js'
import { jsReservedWords, reservedTypeNames, sqliteKeywords } from '../../../src/gen/reserved-words.js'

describe('inflect', () => {
  it.each([
    // input, singular, plural, pascal, pascalPlural, camel, camelPlural, snake, kebab
    ['posts', 'post', 'posts', 'Post', 'Posts', 'post', 'posts', 'posts', 'posts'],
    ['post', 'post', 'posts', 'Post', 'Posts', 'post', 'posts', 'posts', 'posts'],
    ['Post', 'post', 'posts', 'Post', 'Posts', 'post', 'posts', 'posts', 'posts'],
    [
      'blog_post',
      'blog post',
      'blog posts',
      'BlogPost',
      'BlogPosts',
      'blogPost',
      'blogPosts',
      'blog_posts',
      'blog-posts',
    ],
    [
      'BlogPosts',
      'blog post',
      'blog posts',
      'BlogPost',
      'BlogPosts',
      'blogPost',
      'blogPosts',
      'blog_posts',
      'blog-posts',
    ],
    [
      'blogPost',
      'blog post',
      'blog posts',
      'BlogPost',
      'BlogPosts',
      'blogPost',
      'blogPosts',
      'blog_posts',
      'blog-posts',
    ],
    [
      'blog-posts',
      'blog post',
      'blog posts',
      'BlogPost',
      'BlogPosts',
      'blogPost',
      'blogPosts',
      'blog_posts',
      'blog-posts',
    ],
    ['person', 'person', 'people', 'Person', 'People', 'person', 'people', 'people', 'people'],
    ['people', 'person', 'people', 'Person', 'People', 'person', 'people', 'people', 'people'],
    ['series', 'series', 'series', 'Series', 'Series', 'series', 'series', 'series', 'series'],
    ['news', 'news', 'news', 'News', 'News', 'news', 'news', 'news', 'news'],
    ['address', 'address', 'addresses', 'Address', 'Addresses', 'address', 'addresses', 'addresses', 'addresses'],
    ['addresses', 'address', 'addresses', 'Address', 'Addresses', 'address', 'addresses', 'addresses', 'addresses'],
    [
      'category',
      'category',
      'categories',
      'Category',
      'Categories',
      'category',
      'categories',
      'categories',
      'categories',
    ],
    ['status', 'status', 'statuses', 'Status', 'Statuses', 'status', 'statuses', 'statuses', 'statuses'],
    ['statuses', 'status', 'statuses', 'Status', 'Statuses', 'status', 'statuses', 'statuses', 'statuses'],
    ['child', 'child', 'children', 'Child', 'Children', 'child', 'children', 'children', 'children'],
    ['data', 'data', 'data', 'Data', 'Data', 'data', 'data', 'data', 'data'],
    ['metadata', 'metadata', 'metadata', 'Metadata', 'Metadata', 'metadata', 'metadata', 'metadata', 'metadata'],
    ['feedback', 'feedback', 'feedback', 'Feedback', 'Feedback', 'feedback', 'feedback', 'feedback', 'feedback'],
    ['virus', 'virus', 'viruses', 'Virus', 'Viruses', 'virus', 'viruses', 'viruses', 'viruses'],
    ['canvases', 'canvas', 'canvases', 'Canvas', 'Canvases', 'canvas', 'canvases', 'canvases', 'canvases'],
    ['schema', 'schema', 'schemas', 'Schema', 'Schemas', 'schema', 'schemas', 'schemas', 'schemas'],
    ['analysis', 'analysis', 'analyses', 'Analysis', 'Analyses', 'analysis', 'analyses', 'analyses', 'analyses'],
    ['quiz', 'quiz', 'quizzes', 'Quiz', 'Quizzes', 'quiz', 'quizzes', 'quizzes', 'quizzes'],
    ['box', 'box', 'boxes', 'Box', 'Boxes', 'box', 'boxes', 'boxes', 'boxes'],
    [
      'user_address',
      'user address',
      'user addresses',
      'UserAddress',
      'UserAddresses',
      'userAddress',
      'userAddresses',
      'user_addresses',
      'user-addresses',
    ],
    [
      'SalesPerson',
      'sales person',
      'sales people',
      'SalesPerson',
      'SalesPeople',
      'salesPerson',
      'salesPeople',
      'sales_people',
      'sales-people',
    ],
    [
      'HTTPRequest',
      'http request',
      'http requests',
      'HttpRequest',
      'HttpRequests',
      'httpRequest',
      'httpRequests',
      'http_requests',
      'http-requests',
    ],
    ['apiKeys', 'api key', 'api keys', 'ApiKey', 'ApiKeys', 'apiKey', 'apiKeys', 'api_keys', 'api-keys'],
    ['v2_items', 'v2 item', 'v2 items', 'V2Item', 'V2Items', 'v2Item', 'v2Items', 'v2_items', 'v2-items'],
    ['order', 'order', 'orders', 'Order', 'Orders', 'order', 'orders', 'orders', 'orders'],
  ])('%s', (input, singular, plural, pascal, pascalPlural, camel, camelPlural, snake, kebab) => {
    expect(inflect(input)).toMatchObject({ singular, plural, pascal, pascalPlural, camel, camelPlural, snake, kebab })
  })

  it('marks uncountable nouns, whose singular and plural forms are equal', () => {
    expect(inflect('news').uncountable).toBe(true)
    expect(inflect('series').uncountable).toBe(true)
    expect(inflect('posts').uncountable).toBe(false)
  })

  it('keeps the input and gives the singular snake form for foreign keys', () => {
    expect(inflect('BlogPosts')).toMatchObject({ input: 'BlogPosts', snakeSingular: 'blog_post' })
  })

  it('gives the same result for every spelling of a name', () => {
    const forms = ['blog_post', 'blog_posts', 'BlogPost', 'blogPosts', 'blog-post', 'BLOG_POSTS'].map((name) =>
      inflect(name),
    )
    for (const form of forms) expect({ ...form, input: '' }).toEqual({ ...forms[0], input: '' })
  })
})

describe('validateName refuses', () => {
  it.each([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['a'.repeat(49), 'too long (49 characters, at most 48)'],
    [`posts${'x'.repeat(60)}`, 'too long'],
    ['..', 'must not contain ".."'],
    ['../posts', 'must not contain ".."'],
    ['posts..', 'must not contain ".."'],
    ['a/b', 'path separators'],
    ['/posts', 'path separators'],
    ['posts/', 'path separators'],
    ['a\\b', 'path separators'],
    ['café', 'must be ASCII (found "é")'],
    ['naïve_items', 'must be ASCII'],
    ['posts😀', 'must be ASCII'],
    ['ｐosts', 'must be ASCII'],
    ['blog post', 'may only contain letters, digits, "-" and "_" (found " ")'],
    ['posts!', 'found "!"'],
    ['posts.json', 'found "."'],
    ['$posts', 'found "$"'],
    ['po$ts', 'found "$"'],
    ['posts\n', 'found "\\n"'],
    ['posts\t', 'found "\\t"'],
    ['post@s', 'found "@"'],
    ['posts;drop', 'found ";"'],
    ["o'posts", `found "'"`],
    ['1posts', 'must not start with a digit'],
    ['2fa', 'must not start with a digit'],
    ['-posts', 'must start with a letter'],
    ['_posts', 'must start with a letter'],
    ['posts-', 'must not end with "-" or "_"'],
    ['posts_', 'must not end with "-" or "_"'],
    ['blog__posts', 'consecutive separators'],
    ['blog--posts', 'consecutive separators'],
    ['blog-_posts', 'consecutive separators'],
    ['p', 'too short'],
    ['class', '"class" is a JavaScript reserved word'],
    ['classes', '"class" is a JavaScript reserved word'],
    ['default', 'JavaScript reserved word'],
    ['new', '"new" is a JavaScript reserved word'],
    ['interface', 'JavaScript reserved word'],
    ['package', 'JavaScript reserved word'],
    ['arguments', 'JavaScript reserved word'],
    ['record', 'its type name "Record" would shadow the built-in "Record"'],
    ['Promises', 'type name "Promise" would shadow'],
    ['responses', 'type name "Response" would shadow'],
    ['header', 'type name "Headers" would shadow'],
    ['value', 'table name "values" is an SQLite keyword'],
    ['values', 'SQLite keyword'],
    ['row', 'table name "rows" is an SQLite keyword'],
    ['group', 'table name "groups" is an SQLite keyword'],
    ['sqlite_stat', 'reserved by SQLite'],
    ['d1_migration', '"d1_migrations" is where migrations are recorded'],
    ['schema_migration', '"schema_migrations" is where migrations are recorded'],
    ['pg_stat', 'starts with "pg_", reserved by Postgres'],
    ['health', 'built-in route module "health"'],
    ['ready', 'built-in route module "ready"'],
    ['doc', 'built-in route module "docs"'],
    ['docs', 'built-in route module "docs"'],
    ['openapi', 'built-in route module "openapi"'],
    ['OPENAPI', 'built-in route module "openapi"'],
    ['bs', 'its singular form "b" is too short'],
    ['me', 'built-in route module "me"'],
    ['index', 'built-in route module "index"'],
    ['indexes', 'built-in route module "index"'],
  ])('%j: %s', (input, rule) => {
    let error: unknown
    try {
      validateName(input)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(GenError)
    expect((error as GenError).exitCode).toBe(1)
    expect((error as GenError).message).toContain(`Invalid resource name ${JSON.stringify(input)}`)
    expect((error as GenError).message).toContain(rule)
  })

  it('names the larger input a name came from', () => {
    expect(() => inflect('1x', { context: 'author:references(1x)' })).toThrow(
      'Invalid resource name "1x" in "author:references(1x)": it must not start with a digit.',
    )
  })
})

describe('splitWords', () => {
  it.each([
    ['blog_post', ['blog', 'post']],
    ['blog-post', ['blog', 'post']],
    ['blogPost', ['blog', 'post']],
    ['BlogPost', ['blog', 'post']],
    ['XMLHttpRequest', ['xml', 'http', 'request']],
    ['userID', ['user', 'id']],
    ['item2Name', ['item2', 'name']],
  ])('%s → %j', (input, words) => {
    expect(splitWords(input, 'name')).toEqual(words)
  })

  it('uses the given label and length limit', () => {
    expect(() => splitWords('a'.repeat(101), 'migration name', { maxLength: 100 })).toThrow(
      /^Invalid migration name "a+": it is too long \(101 characters, at most 100\)\.$/,
    )
  })
})

describe('validateName, for arbitrary strings', () => {
  const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/
  const check = (input: string) => {
    let result: Inflection
    try {
      result = validateName(input)
    } catch (error) {
      expect(error).toBeInstanceOf(GenError)
      expect((error as GenError).message).toMatch(/^Invalid resource name .+: .+\.$/s)
      return
    }
    for (const form of [result.pascal, result.pascalPlural, result.camel, result.camelPlural]) {
      expect(form).toMatch(identifier)
    }
    expect(jsReservedWords.has(result.camel)).toBe(false)
    expect(jsReservedWords.has(result.camelPlural)).toBe(false)
    expect(reservedTypeNames.has(result.pascal)).toBe(false)
    expect(result.snake).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/)
    expect(result.snakeSingular).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/)
    expect(sqliteKeywords.has(result.snake)).toBe(false)
    expect(result.kebab).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)
    expect(result.kebab.replaceAll('-', '_')).toBe(result.snake)
    // Inflecting the table name again lands on the same table (Pascal forms may merge words: A_A → AA).
    expect(validateName(result.snake).snake).toBe(result.snake)
    expect(validateName(result.snakeSingular).snake).toBe(result.snake)
  }

  it('returns valid forms or throws a GenError (any string)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), check), { numRuns: 2000 })
  })

  it('returns valid forms or throws a GenError (name-like strings)', () => {
    const nameLike = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,50}$/)
    fc.assert(fc.property(nameLike, check), { numRuns: 3000 })
  })

  it('returns valid forms or throws a GenError (english-like words)', () => {
    const word = fc.constantFrom('post', 'status', 'person', 'news', 'box', 'city', 'leaf', 'analysis', 'axis', 'data')
    const compound = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join('_'))
    fc.assert(fc.property(compound, check), { numRuns: 500 })
  })
})

it('knows all 147 SQLite keywords', () => {
  expect(sqliteKeywords.size).toBe(147)
})
