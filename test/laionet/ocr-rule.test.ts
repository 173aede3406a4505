import { expect } from 'chai'
import { classNamesInText, paperNameInText } from '../../src/index.js'

// The authors' rule, transcribed from scripts/postprocess/evaluate_recognized_texts.py and core/ocr.py:
//   rec_text = ' '.join(box_texts).lower()                       (TrOCR output)
//   is_in = transform_text(query_name(wnid)) in transform_text(rec_text)
// with transform_text(t) = ' ' + t.translate(punctuation -> ' ') + ' ' and query_name = synset name, '_' as ' '.
const TENCH = ['tench', 'Tinca tinca']
const COUGAR = ['cougar', 'puma', 'catamount', 'mountain lion', 'painter', 'panther', 'Felis concolor']

describe('laionet OCR drop rule (paper vs ours)', () => {
  it('paper: the synset name, whole words after punctuation-to-space, in the lowercased recognized text', () => {
    expect(paperNameInText('TENCH', TENCH)).to.deep.equal(['tench'])
    expect(paperNameInText('fresh\nTench-Fishing\n\f', TENCH)).to.deep.equal(['tench'])
    expect(paperNameInText('TENCHES', TENCH)).to.deep.equal([])
    expect(paperNameInText('Tinca tinca', TENCH)).to.deep.equal([]) // another lemma: not the synset name
    expect(paperNameInText('GREAT WHITE\nSHARK', ['great white shark'])).to.deep.equal(['great white shark']) // boxes joined by spaces
    expect(paperNameInText('great  white shark', ['great white shark'])).to.deep.equal([]) // no whitespace collapse
    expect(paperNameInText("JACK-O'-LANTERN", ["jack-o'-lantern"])).to.deep.equal(["jack-o'-lantern"]) // both sides ' jack o  lantern '
    expect(paperNameInText('', TENCH)).to.deep.equal([])
  })

  it("ours ('lemmas'): any lemma, case-insensitive, whitespace collapsed", () => {
    expect(classNamesInText('PUMA', COUGAR, 'lemmas')).to.deep.equal(['puma'])
    expect(classNamesInText('PUMA', COUGAR)).to.deep.equal([])
    expect(classNamesInText('mountain\nlion', COUGAR, 'lemmas')).to.deep.equal(['mountain lion'])
    expect(classNamesInText('great  white shark', ['great white shark'], 'lemmas')).to.deep.equal(['great white shark'])
    expect(() => classNamesInText('x', TENCH, 'any' as never)).to.throw('ocr: rule "any" (expected \'paper\' or \'lemmas\')')
  })
})
