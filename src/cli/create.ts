#!/usr/bin/env node
// Bin `create-honoforge`: wiring only. The flow lives in src/create/index.ts.
import { processIo } from '../io.js'
import { createCommand } from './create-command.js'
import { runCli } from './run.js'

process.exitCode = await runCli(createCommand, process.argv.slice(2), processIo())
