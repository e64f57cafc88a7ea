/**
 * Worker entry point. `npm run dev` serves it locally, `npm run deploy` ships it.
 * The app itself is assembled in ./app.ts.
 */
import { createApp } from './app'

export default createApp()
