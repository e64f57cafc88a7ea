/**
 * Worker entry point. `npm run dev` serves it locally, `npm run deploy` ships it.
 * The app itself is assembled in ./app.ts.
 *
 * `honoforge gen channel` adds one `export { Class } from './channels/...'` line per Durable
 * Object class after the default export (wrangler finds the classes among this module's
 * exports); `gen queue` and `gen cron` turn the default export into an object listing their
 * handlers beside `fetch`. honoforge rewrites what follows the app import: keep its shape.
 */
import { createApp } from './app'

export default createApp()
