/**
 * Returns the regular English plural of one word: `-es` after s, x, z, ch, sh; `-ies` for a consonant
 * followed by y; else `-s`. Irregular nouns come from WordNet's exception list instead (see {@link pluralForms}).
 * @param word a single word
 * @returns its plural
 * @example regularPlural('finch') // 'finches'
 */
export function regularPlural(word: string): string {
  if (/(?:s|x|z|ch|sh)$/i.test(word)) return word + 'es'
  if (/[^aeiou]y$/i.test(word)) return word.slice(0, -1) + 'ies'
  return word + 's'
}

/**
 * Returns the plural forms of a lemma: WordNet's irregular plurals of the whole lemma when it has some,
 * else the irregular plurals of its last word, else the regular plural of its last word.
 * @param lemma a lemma with spaces between words, e.g. `mountain lion`
 * @param irregular irregular plurals by singular, lowercase, spaces between words (WordNet's noun.exc inverted)
 * @returns `{ form, irregular }` for each plural form, e.g. `[{ form: 'mountain lions', irregular: false }]`
 * @example pluralForms('field mouse', new Map([['mouse', ['mice']]])) // [{ form: 'field mice', irregular: true }]
 */
export function pluralForms(lemma: string, irregular: ReadonlyMap<string, readonly string[]> = new Map()): { form: string, irregular: boolean }[] {
  const whole = irregular.get(lemma.toLowerCase())
  if (whole && whole.length > 0) return whole.map((form) => ({ form: matchCase(lemma, form), irregular: true }))
  const cut = lemma.lastIndexOf(' ')
  const head = lemma.slice(0, cut + 1)
  const last = lemma.slice(cut + 1)
  const forms = irregular.get(last.toLowerCase())
  if (forms && forms.length > 0) return forms.map((form) => ({ form: head + matchCase(last, form), irregular: true }))
  return [{ form: head + regularPlural(last), irregular: false }]
}

/**
 * Inverts WordNet's noun exception list (inflected form to base forms, as in noun.exc) into plurals by
 * singular, with underscores read as spaces.
 * @param exceptions noun.exc as a map from inflected form to its base forms
 * @returns a map from base form to its irregular plurals, each list sorted
 * @example invertNounExceptions(new Map([['mice', ['mouse']]])) // Map { 'mouse' => ['mice'] }
 */
export function invertNounExceptions(exceptions: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [inflected, bases] of exceptions) {
    const form = inflected.replace(/_/g, ' ')
    for (const base of bases) {
      const key = base.replace(/_/g, ' ')
      if (key === form) continue
      const list = out.get(key) ?? []
      if (!list.includes(form)) list.push(form)
      out.set(key, list)
    }
  }
  for (const list of out.values()) list.sort()
  return out
}

/** Gives `form` the capitalisation of `model` when the model starts with a capital (WordNet lists lowercase forms). */
function matchCase(model: string, form: string): string {
  if (model.length > 0 && model[0] !== model[0].toLowerCase() && form[0] === form[0].toLowerCase()) return form[0].toUpperCase() + form.slice(1)
  return form
}
