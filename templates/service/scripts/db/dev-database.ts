/**
 * The database `npm run dev` serves and `npm run db:migrate:local` migrates: the
 * localConnectionString of the HYPERDRIVE binding in wrangler.jsonc, the one place it is written.
 */
export async function devDatabaseUrl(): Promise<URL> {
  // Wrangler's own reader: comments, trailing commas and environments are its business.
  const { unstable_readConfig } = await import('wrangler')
  const config = unstable_readConfig({ config: 'wrangler.jsonc' }, { hideWarnings: true })
  const bindings: { binding: string; localConnectionString?: string }[] = config.hyperdrive
  const local = bindings.find(({ binding }) => binding === 'HYPERDRIVE')?.localConnectionString
  if (!local) {
    throw new Error(
      'wrangler.jsonc has no "localConnectionString" on its HYPERDRIVE binding: add the local database URL',
    )
  }
  return new URL(local)
}
