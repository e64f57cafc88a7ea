#!/usr/bin/env node
// Bin `create-honoforge`: wiring only. The flow lives in src/create/index.ts.
import type { CreateRuntime } from '../create/index.js'
import { openCreateUi } from '../create/ui.js'
import { processIo } from '../io.js'
import { createCommand } from './create-command.js'
import { runCli } from './run.js'

const io = processIo()
const ui = await openCreateUi(io)
// The top-level handler's error message is the last thing the UI draws.
const runtime: CreateRuntime = { ...io, ui, stderr: ui.error }
process.exitCode = await runCli(createCommand, process.argv.slice(2), runtime)
