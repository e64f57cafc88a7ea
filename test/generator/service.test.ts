// The generator checks against the real templates/service, for every option combination.
// The file-list snapshots must be regenerated (vitest -u) whenever the template's files change.
import { serviceTemplate } from '../../src/create/template.js'
import { describeGenerator } from './generator-suite.js'

describeGenerator('service template', serviceTemplate)
