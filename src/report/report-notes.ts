// Notes of report rows are for people: a note that carries a JSON object of dial values (notebook 06 records
// `dials {"captionDescribesImage":0.2,...}`) keeps its words, and the values move to one numbered footnote per
// distinct object, listed once under the table. Unparseable JSON stays in the note as it was.

/** One footnote: its number and the dial values it lists, in words. */
export interface NoteFootnote {
  /** 1-based number, as the note refers to it (`[1]`). */
  n: number
  /** e.g. `captionDescribesImage = 0.2, labelNoise = 0` */
  text: string
}

/** Longest note scanned for an object: report text is cut at 500 characters anyway. */
const MAX_NOTE = 2000

/** Returns `{"a":1,"b":[1,2]}` as `a = 1, b = 1, 2`. */
function describeObject(value: Record<string, unknown>): string {
  return Object.entries(value).map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`).join('; ')
}

/** Finds the end of the JSON object that starts at `start` (brace depth, strings skipped), or -1. */
function objectEnd(s: string, start: number): number {
  let depth = 0
  let inString = false
  for (let i = start; i < s.length; i++) {
    const c = s[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{') depth++
    else if (c === '}' && --depth === 0) return i
  }
  return -1
}

/**
 * Collects footnotes for one table: `note(text)` returns the note with each embedded JSON object replaced by a
 * footnote marker (`dials [1]`), and `footnotes()` the numbered values, identical objects sharing one number.
 * @example const f = noteFootnotes(); f.note('seed 1, dials {"a":1}') // 'seed 1, dials [1]'; f.footnotes() // [{ n: 1, text: 'a = 1' }]
 */
export function noteFootnotes(): { note: (text: string) => string, footnotes: () => NoteFootnote[] } {
  const byText = new Map<string, number>()
  const note = (text: string): string => {
    const s = text.length > MAX_NOTE ? text.slice(0, MAX_NOTE) : text
    let out = ''
    let i = 0
    for (let at = s.indexOf('{'); at >= 0; at = s.indexOf('{', i)) {
      const end = objectEnd(s, at)
      if (end < 0) break
      let parsed: unknown
      try { parsed = JSON.parse(s.slice(at, end + 1)) } catch { parsed = undefined }
      if (parsed == null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        out += s.slice(i, end + 1)
      } else {
        const words = describeObject(parsed as Record<string, unknown>)
        if (!byText.has(words)) byText.set(words, byText.size + 1)
        out += `${s.slice(i, at).trimEnd()} [${byText.get(words)}]`
      }
      i = end + 1
    }
    return out + s.slice(i)
  }
  return { note, footnotes: () => [...byText].map(([text, n]) => ({ n, text })) }
}
