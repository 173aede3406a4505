import type { Synset, WordNetPointer } from './types.js'

const POS = new Set(['n', 'v', 'a', 's', 'r'])

/**
 * Parses the text of a WordNet 3.0 data file (data.noun, data.verb, ...) into synsets keyed by wnid.
 * The licence header (lines starting with two spaces) is skipped; a malformed line throws, naming its line.
 * @param text the whole file, or any subset of its lines.
 * @returns synsets in file order.
 * @example parseWordNetData(text).get('n02125311')?.lemmas // ['cougar', 'puma', ...]
 */
export function parseWordNetData(text: string): Map<string, Synset> {
  const synsets = new Map<string, Synset>()
  let lineNo = 0
  for (const line of text.split('\n')) {
    lineNo++
    if (line.trim() === '' || line.startsWith('  ')) continue
    const synset = parseSynsetLine(line, lineNo)
    synsets.set(synset.wnid, synset)
  }
  return synsets
}

/**
 * Parses one data-file line: `offset lex_filenum ss_type w_cnt(hex) word lex_id ... p_cnt pointers... [frames] | gloss`.
 * @param lineNo used in error messages only.
 * @example parseSynsetLine('01440764 05 n 02 tench 0 Tinca_tinca 0 001 @ 01439121 n 0000 | freshwater dace-like game fish').lemmas // ['tench', 'Tinca tinca']
 */
export function parseSynsetLine(line: string, lineNo = 1): Synset {
  const bar = line.indexOf(' | ')
  const head = (bar < 0 ? line : line.slice(0, bar)).trim().split(' ')
  const gloss = bar < 0 ? '' : line.slice(bar + 3).trim()
  const bad = (what: string): Error => new Error(`wordnet: data line ${lineNo}: ${what}. Expected a WordNet 3.0 data-file line, got "${line.slice(0, 80)}"`)
  const [offsetText, lexText, pos, wordCountText] = head
  if (!/^\d{8}$/.test(offsetText ?? '')) throw bad(`synset offset "${offsetText}" is not 8 digits`)
  if (!POS.has(pos)) throw bad(`unknown synset type "${pos}"`)
  const wordCount = parseInt(wordCountText, 16)
  if (!(wordCount > 0)) throw bad(`word count "${wordCountText}" is not a positive hexadecimal number`)
  const lemmas: string[] = []
  let i = 4
  for (let w = 0; w < wordCount; w++, i += 2) {
    if (head[i] === undefined) throw bad(`expected ${wordCount} words, found ${w}`)
    lemmas.push(lemmaText(head[i]))
  }
  const pointerCount = Number(head[i++])
  if (!Number.isInteger(pointerCount)) throw bad(`pointer count "${head[i - 1]}" is not a number`)
  const pointers: WordNetPointer[] = []
  for (let p = 0; p < pointerCount; p++, i += 4) {
    const [symbol, targetOffset, targetPos, words] = head.slice(i, i + 4)
    if (words === undefined || !/^[0-9a-f]{4}$/.test(words)) throw bad(`pointer ${p + 1} of ${pointerCount} is incomplete`)
    pointers.push({
      symbol,
      target: `${targetPos === 's' ? 'a' : targetPos}${targetOffset}`,
      sourceWord: parseInt(words.slice(0, 2), 16),
      targetWord: parseInt(words.slice(2), 16),
    })
  }
  const { definition, examples } = splitGloss(gloss)
  return {
    wnid: `${pos === 's' ? 'a' : pos}${offsetText}`,
    offset: Number(offsetText),
    pos: pos as Synset['pos'],
    lexFilenum: Number(lexText),
    lemmas,
    pointers,
    hypernyms: pointers.filter((p) => p.symbol === '@' || p.symbol === '@i').map((p) => p.target),
    gloss,
    definition,
    examples,
  }
}

/**
 * Splits a WordNet gloss into the definition (the text before the first `; "`, as the paper cuts it) and the
 * quoted example sentences after it.
 * @example splitGloss('a dog; "the dog barked"') // { definition: 'a dog', examples: ['the dog barked'] }
 */
export function splitGloss(gloss: string): { definition: string; examples: string[] } {
  const cut = gloss.indexOf('; "')
  if (cut < 0) return { definition: gloss.trim(), examples: [] }
  const examples = [...gloss.slice(cut + 2).matchAll(/"([^"]*)"/g)].map((m) => m[1].trim())
  return { definition: gloss.slice(0, cut).trim(), examples }
}

/** A data-file word as a lemma: underscores become spaces; adjective syntactic markers such as `(p)` are dropped. */
function lemmaText(word: string): string {
  return word.replace(/\((?:a|p|ip)\)$/, '').replace(/_/g, ' ')
}
