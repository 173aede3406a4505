/**
 * Parses a WordNet index file (index.noun, ...): `lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt
 * tagsense_cnt synset_offset...`.
 * @returns lemma (lowercase as WordNet stores it, underscores as spaces) -> synset ids (`n` + offset) in sense order.
 * @example parseWordNetIndex(text).get('crane') // ['n02012849', 'n03126707', ...]
 */
export function parseWordNetIndex(text: string): Map<string, string[]> {
  const index = new Map<string, string[]>()
  let lineNo = 0
  for (const line of text.split('\n')) {
    lineNo++
    if (line.trim() === '' || line.startsWith('  ')) continue
    const f = line.trim().split(/ +/)
    const synsetCount = Number(f[2])
    const pointerCount = Number(f[3])
    const offsets = f.slice(4 + pointerCount + 2)
    if (!Number.isInteger(synsetCount) || offsets.length !== synsetCount || !offsets.every((o) => /^\d{8}$/.test(o))) {
      throw new Error(`wordnet: index line ${lineNo}: expected ${f[2]} synset offsets after the pointer symbols, got "${line.slice(0, 80)}"`)
    }
    const pos = f[1] === 's' ? 'a' : f[1]
    index.set(f[0].replace(/_/g, ' '), offsets.map((o) => `${pos}${o}`))
  }
  return index
}

/**
 * Parses a WordNet exception list (noun.exc, ...): each line is an inflected form and its base form(s).
 * @returns inflected form -> base forms, underscores as spaces, e.g. `'mice' -> ['mouse']`.
 * @example parseExceptions('mice mouse\n').get('mice') // ['mouse']
 */
export function parseExceptions(text: string): Map<string, string[]> {
  const exceptions = new Map<string, string[]>()
  let lineNo = 0
  for (const line of text.split('\n')) {
    lineNo++
    const f = line.trim().split(/ +/).filter(Boolean)
    if (f.length === 0) continue
    if (f.length < 2) throw new Error(`wordnet: exception line ${lineNo}: expected "<inflected form> <base form>...", got "${line}"`)
    const [form, ...bases] = f.map((w) => w.replace(/_/g, ' '))
    exceptions.set(form, [...(exceptions.get(form) ?? []), ...bases])
  }
  return exceptions
}
