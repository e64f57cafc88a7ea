import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  isRegistryRelease,
  readReleaseStamp,
  releaseStampPath,
  removeReleaseStamp,
  writeReleaseStamp,
} from '../../src/release-stamp.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'honoforge-stamp-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('the release stamp', () => {
  it('is absent from an unstamped package: not a registry release', () => {
    expect(readReleaseStamp(root)).toBeUndefined()
    expect(isRegistryRelease({ root, version: '0.1.0' })).toBe(false)
  })

  it('written for a version, makes that version a registry release', async () => {
    writeReleaseStamp({ root, version: '0.1.0' })
    expect(JSON.parse(await readFile(join(root, releaseStampPath), 'utf8'))).toEqual({ version: '0.1.0' })
    expect(isRegistryRelease({ root, version: '0.1.0' })).toBe(true)
  })

  it('left from an older version does not count after a version bump', () => {
    writeReleaseStamp({ root, version: '0.1.0' })
    expect(isRegistryRelease({ root, version: '0.2.0' })).toBe(false)
  })

  it('removed, is gone; removing it again is fine', () => {
    writeReleaseStamp({ root, version: '0.1.0' })
    removeReleaseStamp(root)
    removeReleaseStamp(root)
    expect(isRegistryRelease({ root, version: '0.1.0' })).toBe(false)
  })

  it.each(['not json', '{}', '{"version": 1}', 'null'])('damaged (%s), means not a release', async (contents) => {
    await mkdir(join(root, 'dist'))
    await writeFile(join(root, releaseStampPath), contents)
    expect(readReleaseStamp(root)).toBeUndefined()
    expect(isRegistryRelease({ root, version: '0.1.0' })).toBe(false)
  })
})
