import { CancelledError } from '../errors.js'

export interface SelectQuestion<T extends string> {
  message: string
  options: { value: T; label: string; hint?: string }[]
  initialValue: T
}

/** The questions `resolveOptions` may ask; an interface so tests can script the answers. */
export interface Prompter {
  text(question: {
    message: string
    defaultValue: string
    validate?: (value: string) => string | undefined
  }): Promise<string>
  select<T extends string>(question: SelectQuestion<T>): Promise<T>
  confirm(question: { message: string; initialValue: boolean }): Promise<boolean>
}

/**
 * Prompts drawn with @clack/prompts. Imported lazily, so runs that never prompt (no TTY,
 * --yes) do not pay for loading it. Cancelling a prompt throws a CancelledError.
 */
export async function createClackPrompter(): Promise<Prompter> {
  const clack = await import('@clack/prompts')
  const answer = <T>(value: T): Exclude<T, symbol> => {
    if (clack.isCancel(value)) throw new CancelledError('Cancelled: nothing was written.')
    return value as Exclude<T, symbol>
  }
  return {
    text: async ({ message, defaultValue, validate }) =>
      answer(
        await clack.text({
          message,
          placeholder: defaultValue,
          defaultValue,
          // An empty answer means "take the default": validate what will actually be used.
          validate: validate && ((value) => validate(value || defaultValue)),
        }),
      ),
    select: async <T extends string>({ message, options, initialValue }: SelectQuestion<T>) =>
      // clack's Option<T> is a conditional type TypeScript cannot resolve for a generic T.
      answer(
        await clack.select<T>({
          message,
          options: options as Parameters<typeof clack.select<T>>[0]['options'],
          initialValue,
        }),
      ),
    confirm: async ({ message, initialValue }) => answer(await clack.confirm({ message, initialValue })),
  }
}
