// The generator checks against a small fixture template, so they are proven to run (and to
// catch what they look for) independently of templates/service.
import { fixturesRoot, miniTemplate } from '../fixtures/mini-template.js'
import { describeGenerator } from './generator-suite.js'

describeGenerator('fixture template', miniTemplate, fixturesRoot)
