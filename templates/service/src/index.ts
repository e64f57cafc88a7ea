/**
 * Worker entry point. `npm run dev` serves it locally, `npm run deploy` ships it.
 * The app itself is assembled in ./app.ts.
 *
 * `honoforge gen channel` adds one `export { Class } from './channels/...'` line per Durable
 * Object class after the default export (wrangler finds the classes among this module's
 * exports); keep that shape below it.
 */
import { createApp } from './app'

export default createApp()
