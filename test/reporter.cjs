// Mocha's spec reporter plus one closing line in the plain "N passed, N failed, N skipped" form,
// which CI reads (it does not parse mocha's own "N passing" summary).
'use strict'
const Mocha = require('mocha')
const { Spec } = Mocha.reporters
const { EVENT_RUN_END } = Mocha.Runner.constants

class SpecWithTotals extends Spec {
  constructor(runner, options) {
    super(runner, options)
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats || this.stats
      process.stdout.write(`\ntests: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`)
    })
  }
}
module.exports = SpecWithTotals
