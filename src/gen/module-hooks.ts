/**
 * Node's in-thread module hooks (`module.registerHooks`, Node >= 22.15), typed here once:
 * the generator uses them to resolve the service's extensionless imports and to keep
 * node-plop's prompt library from loading. They last for the process, which is one command.
 */

export interface ResolveContext {
  parentURL?: string
}

export type ResolveHook = (
  specifier: string,
  context: ResolveContext,
  next: (specifier: string, context: ResolveContext) => unknown,
) => unknown

type RegisterHooks = (hooks: { resolve: ResolveHook }) => void

/** `registerHooks` of node:module, loaded on first use: most commands never add a hook. */
const registerHooksOf = () =>
  (process.getBuiltinModule('node:module') as unknown as { registerHooks?: RegisterHooks }).registerHooks

/** Whether this Node has in-thread module hooks. */
export function hasModuleHooks(): boolean {
  return typeof registerHooksOf() === 'function'
}

/**
 * Add a resolve hook; false (and nothing added) on a Node without module hooks.
 *
 * @example addResolveHook((specifier, context, next) => next(specifier, context))
 */
export function addResolveHook(resolve: ResolveHook): boolean {
  const registerHooks = registerHooksOf()
  if (!registerHooks) return false
  registerHooks({ resolve })
  return true
}
