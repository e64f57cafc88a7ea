#!/usr/bin/env node
// Bin `honoforge`: wiring only.
import { processIo } from '../io.js'
import { honoforgeCommand } from './honoforge-command.js'
import { runCli } from './run.js'

process.exitCode = await runCli(honoforgeCommand, process.argv.slice(2), processIo())
