import { defineCommand } from 'citty'
import { type DoctorOptions, doctor } from '../doctor/index.js'
import { reportJson, reportText } from '../doctor/report.js'
import { CliError } from '../errors.js'
import type { Io } from '../io.js'

/** The process as doctor sees it; tests fix the clock, the Node.js version and what runs commands. */
export type DoctorIo = Io & { doctor?: Pick<DoctorOptions, 'now' | 'nodeVersion' | 'run'> }

/** `honoforge doctor`: prints the report; exits 1 when anything would break a deploy. */
export const doctorCommand = defineCommand({
  meta: {
    name: 'honoforge doctor',
    description: 'Check this service against the production checklist; exit 1 when something would break a deploy',
  },
  args: {
    ci: { type: 'boolean', description: 'Print one JSON document: { findings, errors, warnings }' },
    env: { type: 'string', valueHint: 'name', description: 'Check this deploy environment only (env.<name>)' },
    size: {
      type: 'boolean',
      default: true,
      description: 'Build the Worker and check its size budget (npm run size, a few seconds); --no-size skips it',
    },
    verbose: { type: 'boolean', description: 'Print stack traces for errors' },
  },
  run: async ({ args, data }) => {
    const io = data as DoctorIo
    const report = await doctor(io.cwd, { ...io.doctor, env: args.env, size: args.size })
    io.stdout(args.ci ? reportJson(report) : reportText(report))
    if (report.errors > 0) {
      throw new CliError(
        `honoforge doctor: ${report.errors} error${report.errors === 1 ? '' : 's'}; fix them before deploying.`,
      )
    }
  },
})
