import { describe, expect, it } from 'vitest'
import { carryEdit, mergeThreeWay } from '../../../src/gen/three-way.js'

const labels = { ours: 'yours', base: 'base', theirs: 'honoforge 2.0.0' }

describe('mergeThreeWay', () => {
  it('Should take each side where only it changed', () => {
    const merged = mergeThreeWay('a\nB\nc\nd\ne\n', 'a\nb\nc\nd\ne\n', 'a\nb\nc\nd\nE\n', labels)
    expect(merged).toEqual({ text: 'a\nB\nc\nd\nE\n', conflicts: 0 })
  })

  it('Should take theirs when ours is the base, and keep ours when theirs is', () => {
    expect(mergeThreeWay('x\n', 'x\n', 'y\n', labels)).toEqual({ text: 'y\n', conflicts: 0 })
    expect(mergeThreeWay('y\n', 'x\n', 'x\n', labels)).toEqual({ text: 'y\n', conflicts: 0 })
  })

  it('Should mark overlapping changes the way git does with diff3 conflicts, base included', () => {
    const merged = mergeThreeWay('a\nmine\nc\n', 'a\nb\nc\n', 'a\ntheirs\nc\n', labels)
    expect(merged.conflicts).toBe(1)
    expect(merged.text).toBe('a\n<<<<<<< yours\nmine\n||||||| base\nb\n=======\ntheirs\n>>>>>>> honoforge 2.0.0\nc\n')
  })

  it('Should count every conflicting region, and take a change both sides made once', () => {
    const merged = mergeThreeWay('1\nA\n3\n4\n5\nX\n7\n', '1\n2\n3\n4\n5\n6\n7\n', '1\nB\n3\n4\n5\nY\n7\n', labels)
    expect(merged.conflicts).toBe(2)
    expect(mergeThreeWay('same\n', 'old\n', 'same\n', labels)).toEqual({ text: 'same\n', conflicts: 0 })
  })

  it('Should read CRLF as LF and keep a missing final newline missing', () => {
    const merged = mergeThreeWay('a\r\nB\r\nc\r\nd', 'a\nb\nc\nd', 'a\nb\nc\nD', labels)
    expect(merged).toEqual({ text: 'a\nB\nc\nD', conflicts: 0 })
  })
})

describe('carryEdit', () => {
  it('Should apply the edit of one copy to another that differs elsewhere', () => {
    const before = "import { a } from './a'\n\nregister(a)\n"
    const after = "import { a } from './a'\nimport { b } from './b'\n\nregister(a)\nregister(b)\n"
    const pristine = "import { a } from './a'\n\n// as generated\nregister(a)\n"
    expect(carryEdit(pristine, before, after)).toBe(
      "import { a } from './a'\nimport { b } from './b'\n\n// as generated\nregister(a)\nregister(b)\n",
    )
  })

  it('Should record the edited file itself when the edit cannot be carried over cleanly', () => {
    expect(carryEdit('x = 2\n', 'x = 1\n', 'x = 3\n')).toBe('x = 3\n')
  })
})
