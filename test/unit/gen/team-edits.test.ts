import { describe, expect, it } from 'vitest'
import { recordEdit, reverseEdit } from '../../../src/gen/team/edits.js'

const before = "import a from './a'\n// modules\n\nexport const list = [a]\n"
const after = "import a from './a'\nimport b from './b'\n// modules\n\nexport const list = [a]\n- b\n"

describe('team generator edits', () => {
  it('Should record two changes of one file and take both back', () => {
    const edit = recordEdit('src/list.ts', before, after)
    expect(edit.changes.map((change) => [change.removed, change.inserted])).toEqual([
      ['', "import b from './b'\n"],
      ['', '- b\n'],
    ])
    expect(reverseEdit(after, edit)).toBe(before)
  })

  it('Should find its lines again after the file changed around them', () => {
    const edit = recordEdit('src/list.ts', before, after)
    const moved = `// a header of the user\n\n${after.replace('\nexport const list', '\n// theirs\nexport const list')}`
    expect(reverseEdit(moved, edit)).toBe(
      `// a header of the user\n\n${before.replace('\nexport const list', '\n// theirs\nexport const list')}`,
    )
  })

  it('Should take back a replaced line, and give up when the inserted lines were changed', () => {
    const edit = recordEdit('a.ts', 'x\nold\ny\n', 'x\nnew\ny\n')
    expect(reverseEdit('x\nnew\ny\n', edit)).toBe('x\nold\ny\n')
    expect(reverseEdit('x\nnewer\ny\n', edit)).toBeUndefined()
  })

  it('Should undo the occurrence nearest to where it was made when its lines repeat', () => {
    const edit = recordEdit('a.md', 'a\nb\nc\nd\n', 'a\nb\nc\nd\nb\n')
    expect(reverseEdit('a\nb\nc\nd\nb\n', edit)).toBe('a\nb\nc\nd\n')
  })
})
