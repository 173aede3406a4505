import { expect } from 'chai'
import { paperValue, paperQuote, paperShare, paperCitation, paperQuotes, PAPER_CONSTRUCTION, PAPER_ACCURACY } from '../../src/index.js'
import { PAPER_VALUES } from '../../src/paper/registry.js'
import { PAPER_SELECTION_FREQUENCY } from '../../src/paper/accuracy.js'

describe('paper registry', () => {
  it('quotes every number once with a source section and version', () => {
    for (const q of paperQuotes()) {
      expect(q.source.section, q.id).to.be.a('string').and.not.equal('')
      expect(['ICLR', 'TMLR', 'code'], q.id).to.include(q.source.version)
      expect(Number.isFinite(q.value), q.id).to.equal(true)
      if (q.unit === '%') expect(q.value, q.id).to.be.within(0, 100)
    }
    expect(paperQuotes().map((q) => q.id)).to.deep.equal(Object.keys(PAPER_VALUES))
  })

  it('Fig. 3 at 0.82 is LAIONet before the OCR drop: the same 822,149 samples over 915 classes (PAPER.md, corrected)', () => {
    expect(paperValue('construction.samples')).to.equal(822_149)
    expect(paperValue('fig3.samplesAt082')).to.equal(822_149)
    expect([paperValue('fig3.classesAt082'), paperValue('construction.classes')]).to.deep.equal([915, 915])
    expect(paperQuote('construction.samples').quantity).to.contain('before the OCR drop')
    expect(paperQuote('fig3.samplesAt082').note).to.contain('decoration')
    expect(paperCitation('fig3.samplesAt082')).to.equal('code, notebooks/choose_text_query_similarity_threshold.ipynb')
    // The dashed guide line's 1.25e7 is decoration, not a claim: no registry id carries it.
    expect(Object.keys(PAPER_VALUES)).to.not.include('fig3.samplesAt050')
    expect(paperQuote('fig6.lowerShareBeit').note).to.contain('0.6640')
  })

  it('percentages convert to shares; other units refuse', () => {
    expect(paperShare('fig6.lowerShare')).to.equal(0.576)
    expect(() => paperShare('construction.samples')).to.throw("paper: construction.samples is in samples, not % (expected a percentage id such as 'fig6.lowerShare'). Use paperValue for it")
    expect(() => paperQuote('nope' as never)).to.throw('paper: unknown paper value id "nope"')
  })

  it('the grouped views read the registry (no second copy of a number)', () => {
    expect(PAPER_CONSTRUCTION.samples).to.equal(paperValue('construction.samples'))
    expect(PAPER_CONSTRUCTION.ocrDroppedShare).to.equal(0.011)
    expect(PAPER_CONSTRUCTION.samplesShareOfLaion).to.equal(0.0021)
    expect(PAPER_CONSTRUCTION.sweep[1]).to.deep.equal({ threshold: 0.82, classes: 915, samples: 822_149 })
    expect(PAPER_CONSTRUCTION.topK).to.deep.equal({ k: 50, samples: 39_006 })
    expect(PAPER_ACCURACY.laionetDrop).to.deep.include({ min: 5, max: 12, strongModelsAtLeast: 10 })
    expect(PAPER_ACCURACY.evaluatedClasses).to.equal(977)
    expect(PAPER_SELECTION_FREQUENCY['imagenetv2-b-33'].selectionFrequency).to.equal(0.73)
  })
})
