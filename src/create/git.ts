import { type Exec, exec as realExec } from './exec.js'

export const initialCommitMessage = 'Initial commit from create-honoforge'

/** Used only when git has no identity configured, so the first commit cannot fail for lack of one. */
const fallbackIdentity = ['-c', 'user.name=honoforge', '-c', 'user.email=honoforge@localhost']

export type GitOutcome =
  | { status: 'committed'; identity: 'configured' | 'fallback' }
  | { status: 'skipped'; reason: string }
  | { status: 'initialised'; reason: string }

/**
 * `git init`, `git add -A` and a first commit in the new project. Never throws for git
 * trouble: a missing git, an enclosing repository or a failed commit become a note in the
 * outcome, because the project itself is complete either way.
 */
export async function initGitRepository(projectDir: string, exec: Exec = realExec): Promise<GitOutcome> {
  const git = (...args: string[]) => exec('git', args, { cwd: projectDir })
  const version = await git('--version').catch(() => undefined)
  if (version?.code !== 0) return { status: 'skipped', reason: 'git was not found on PATH' }

  // A service created inside an existing repository (a monorepo) belongs to that repository.
  const inside = await git('rev-parse', '--is-inside-work-tree')
  if (inside.code === 0 && inside.stdout.trim() === 'true') {
    return { status: 'skipped', reason: 'the directory is already inside a git repository' }
  }

  const init = await git('init', '--quiet')
  if (init.code !== 0) return { status: 'skipped', reason: `git init failed: ${firstLine(init.stderr)}` }
  const add = await git('add', '-A')
  if (add.code !== 0) return { status: 'initialised', reason: `git add failed: ${firstLine(add.stderr)}` }

  const name = await git('config', 'user.name')
  const email = await git('config', 'user.email')
  const configured = name.code === 0 && name.stdout.trim() !== '' && email.code === 0 && email.stdout.trim() !== ''
  const commit = await git(...(configured ? [] : fallbackIdentity), 'commit', '--quiet', '-m', initialCommitMessage)
  if (commit.code !== 0)
    return { status: 'initialised', reason: `the first commit failed: ${firstLine(commit.stderr)}` }
  return { status: 'committed', identity: configured ? 'configured' : 'fallback' }
}

function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0] || 'no output'
}
