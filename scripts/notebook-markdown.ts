// Turns an executed notebook into Markdown with its figures as PNG files beside it, for readers on the repository
// page (GitHub draws neither plotly nor a notebook's scripts). Used by scripts/docs.ts (`npm run docs`).

/** One output of a code cell, as nbformat 4 stores it. */
interface Output {
  output_type: string
  name?: string
  text?: string | string[]
  data?: Record<string, string | string[] | object>
  traceback?: string[]
  ename?: string
  evalue?: string
}

/** A notebook as nbformat 4 stores it (only what the conversion reads). */
export interface NotebookJson {
  cells: { cell_type: string, source: string | string[], outputs?: Output[] }[]
}

/** What `notebookMarkdown` returns: the page and the images it links. */
export interface NotebookPage {
  markdown: string
  /** PNG files to write, relative to the page's folder. */
  images: { file: string, bytes: Buffer }[]
}

/** Longest printed output kept on the page; the executed notebook has the rest. */
const MAX_TEXT_LINES = 60
/** Largest HTML output kept (a table); larger ones, and any with embedded images, are left to the notebook. */
const MAX_HTML = 20_000
/** Most cells read: the notebooks have a few dozen. */
const MAX_CELLS = 2000

const joined = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join('') : value ?? '')
// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')

/** A fenced block that no backtick run inside the text can close. */
function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const ticks = '`'.repeat(longest + 1)
  return `${ticks}${lang}\n${text.replace(/\n+$/, '')}\n${ticks}`
}

/** Printed text cut to MAX_TEXT_LINES, saying how much was left out. */
function printed(text: string): string {
  const lines = stripAnsi(text).replace(/\n+$/, '').split('\n')
  if (lines.length <= MAX_TEXT_LINES) return fence(lines.join('\n'), 'text')
  return fence([...lines.slice(0, MAX_TEXT_LINES), `… (${lines.length - MAX_TEXT_LINES} more lines in the executed notebook)`].join('\n'), 'text')
}

/**
 * Returns the Markdown page of an executed notebook: Markdown cells as they are, code in ```ts blocks, printed output
 * in ```text blocks, each figure's PNG (the `image/png` beside its plotly JSON) as an image file, small HTML tables
 * inline. `name` (e.g. `06_causal_story`) names the image folder: `<name>/figure-<n>.png`.
 * @example const { markdown, images } = notebookMarkdown(JSON.parse(readFileSync(executed, 'utf8')), '06_causal_story')
 */
export function notebookMarkdown(nb: NotebookJson, name: string): NotebookPage {
  if (!nb || !Array.isArray(nb.cells)) throw new Error(`docs: ${name} is not a notebook (no cells array)`)
  if (!/^[\w.-]+$/.test(name)) throw new Error(`docs: notebook name must be a plain file name, got "${name}"`)
  if (nb.cells.length > MAX_CELLS) throw new Error(`docs: ${name} has ${nb.cells.length} cells (at most ${MAX_CELLS})`)
  const parts: string[] = []
  const images: NotebookPage['images'] = []
  for (const cell of nb.cells) {
    const source = joined(cell.source).trim()
    if (cell.cell_type === 'markdown') {
      if (source) parts.push(source)
      continue
    }
    if (cell.cell_type !== 'code') continue
    if (source) parts.push(fence(source, 'ts'))
    for (const out of cell.outputs ?? []) {
      if (out.output_type === 'stream') {
        const text = joined(out.text)
        if (text.trim()) parts.push(printed(text))
      } else if (out.output_type === 'error') {
        parts.push(printed((out.traceback ?? [`${out.ename}: ${out.evalue}`]).join('\n')))
      } else if (out.data) {
        const png = out.data['image/png']
        const html = joined(out.data['text/html'] as string | string[] | undefined)
        if (typeof png === 'string' || Array.isArray(png)) {
          const file = `${name}/figure-${images.length + 1}.png`
          images.push({ file, bytes: Buffer.from(joined(png).replace(/\s+/g, ''), 'base64') })
          parts.push(`![figure ${images.length}](${file})`)
        } else if (html && html.length <= MAX_HTML && !/<img|<script/i.test(html)) {
          parts.push(html.trim())
        } else if (html) {
          parts.push('*(an HTML output with images or scripts: open the executed notebook to see it)*')
        } else if (out.data['text/plain'] != null) {
          const text = joined(out.data['text/plain'] as string | string[])
          if (text.trim()) parts.push(printed(text))
        }
      }
    }
  }
  return { markdown: parts.join('\n\n') + '\n', images }
}
