import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { Tier } from '../tier.js'
import { isTier, TIERS } from '../tier.js'
import { escapeHtml } from '../util/escape-html.js'
import { formatValue } from './report-markdown.js'
import { scoreboardHtml, sectionAnchor } from './scoreboard-html.js'
import type { ReportFigure, ReportHtmlInput, ReportHtmlOptions, ReportNotebook } from './report-html-types.js'
import type { ResultRecord } from './types.js'
import { writeFileAtomicSync } from '../io/write-atomic.js'

/** Report text is untrusted (captions, notes, file names): every field is cut to this length. */
const MAX_TEXT = 500
/** Larger PNGs are linked instead of embedded, to keep the report loadable. */
const MAX_EMBED_BYTES = 8 * 1024 * 1024

const TIER_TEXT: Record<Tier, string> = {
  real: 'computed here from real data',
  released: "computed here from the authors' or ImageNetV2's released per-image results",
  simulated: 'the causal world of src/simulate',
  fixture: 'tiny random models: plumbing only, the numbers mean nothing',
  quoted: "the paper's number, not recomputed",
}
const TIER_COLOR: Record<Tier, string> = { real: '#1b7f3b', released: '#0b61a4', simulated: '#8a5a00', fixture: '#8d2b8f', quoted: '#555' }

/**
 * Returns the paper experiment a figure id or an experiment label refers to, as a key (`fig6`, `sec4.2`,
 * `appD`), or null. Ids follow the paper's numbering (`fig6-intra-class`, `fig7c-imagenetv2-accuracy`,
 * `frontier-4-2`, `appD-cross-modal`); labels are `ResultRecord.experiment` (`Fig. 6`, `Section 4.2`, `Appendix D`).
 */
export function experimentKey(idOrLabel: string): string | null {
  const s = idOrLabel.trim()
  const fig = /^fig(?:ure)?\.?\s*(\d+)(?!\d)/i.exec(s)
  if (fig) return `fig${Number(fig[1])}`
  if (/^(?:frontier-4-2|sec(?:tion)?[-.\s]*4[-.]2(?!\d)|§\s*4\.2(?!\d))/i.test(s)) return 'sec4.2'
  const app = /^app(?:endix|\.)?[-\s]*([a-z])(?![a-z])/i.exec(s)
  if (app) return `app${app[1].toUpperCase()}`
  return null
}

/** Escaped, length-bounded text. */
function text(value: unknown): string {
  const s = String(value ?? '')
  return escapeHtml(s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s)
}

/**
 * Returns an escaped href for a local file, relative to the report's folder. Relative paths always start
 * with `./` or `../`, so a file named `javascript:alert(1)` stays a file name and never becomes a URL scheme.
 */
export function fileHref(file: string, reportDir: string): string {
  const abs = isAbsolute(file) ? file : resolve(reportDir, file)
  let rel = relative(reportDir, abs).split(sep).join('/')
  if (!rel.startsWith('../')) rel = `./${rel}`
  return escapeHtml(rel.split('/').map((part) => (part === '.' || part === '..' ? part : encodeURIComponent(part))).join('/'))
}

function tierBadge(tier: unknown): string {
  const t = isTier(tier) ? tier : null
  const color = t ? TIER_COLOR[t] : '#b00020'
  return `<span class="tier" style="background:${color}" title="${text(t ? TIER_TEXT[t] : 'unknown tier')}">${text(tier)}</span>`
}

function notebookLink(name: string, notebooks: Map<string, ReportNotebook>, reportDir: string): string {
  const nb = notebooks.get(name)
  return nb?.file ? `<a href="${fileHref(nb.file, reportDir)}">${text(name)}</a>` : text(name)
}

function figureCard(fig: ReportFigure, reportDir: string): string {
  const png = fig.png && (isAbsolute(fig.png) ? fig.png : resolve(reportDir, fig.png))
  let img = '<div class="missing">no PNG</div>'
  if (png && existsSync(png)) {
    img = statSync(png).size <= MAX_EMBED_BYTES
      ? `<img alt="${text(fig.id)}" src="data:image/png;base64,${readFileSync(png).toString('base64')}">`
      : `<a href="${fileHref(png, reportDir)}">PNG too large to embed: open it</a>`
  }
  const links = [fig.png && `<a href="${fileHref(fig.png, reportDir)}">PNG</a>`, fig.svg && `<a href="${fileHref(fig.svg, reportDir)}">SVG</a>`,
    // A dial slider (notebook 06) is interactive on dials.html (writeDialsHtml), when that page was written.
    fig.id.startsWith('sim-slider-') && existsSync(resolve(reportDir, 'dials.html')) && `<a href="dials.html#${text(fig.id)}">drag the dial</a>`].filter(Boolean).join(' · ')
  return `<figure>${img}<figcaption><code>${text(fig.id)}</code> ${links}</figcaption></figure>`
}

function resultsTable(rows: ResultRecord[], notebooks: Map<string, ReportNotebook>, reportDir: string): string {
  const body = rows.map((r) => `<tr><td>${text(r.claim)}</td><td class="num">${text(formatValue(r.paper, r.unit))}</td><td class="num">${text(formatValue(r.value, r.unit))}</td><td>${tierBadge(r.tier)}</td><td>${notebookLink(r.notebook, notebooks, reportDir)}</td><td>${text(r.note ?? '')}</td></tr>`).join('\n')
  return `<table><thead><tr><th>quantity</th><th>paper</th><th>ours</th><th>tier</th><th>notebook</th><th>note</th></tr></thead>\n<tbody>\n${body}\n</tbody></table>`
}

/**
 * Returns the HTML report: per experiment the paper's number, ours, the tier, a link to the notebook and
 * the figure thumbnails; then the notebooks' status. Self-contained (thumbnails embedded, no scripts: a
 * Content-Security-Policy forbids them), and every piece of text is escaped.
 * @param input results, notebooks and rendered figures.
 * @param reportDir the folder the report will live in (links are made relative to it).
 * @example reportHtml({ results, notebooks, figures }, '/work/main/out')
 */
export function reportHtml({ results, notebooks, figures = [], scoreboard }: ReportHtmlInput, reportDir: string, { title = 'laionet reproduction report', generated }: ReportHtmlOptions = {}): string {
  const byName = new Map(notebooks.map((nb) => [nb.name, nb]))
  const experiments = [...new Set(results.map((r) => r.section))]
  const placed = new Set<string>()
  const sections = experiments.map((exp) => {
    const key = experimentKey(exp)
    const figs = key == null ? [] : figures.filter((f) => experimentKey(f.id) === key && !placed.has(f.id))
    figs.forEach((f) => placed.add(f.id))
    return `<section id="${sectionAnchor(exp)}"><h2>${text(exp)}</h2>\n${resultsTable(results.filter((r) => r.section === exp), byName, reportDir)}\n${figs.length ? `<div class="figs">${figs.map((f) => figureCard(f, reportDir)).join('\n')}</div>` : ''}</section>`
  })
  const rest = figures.filter((f) => !placed.has(f.id))
  if (rest.length) sections.push(`<section><h2>Other figures</h2><div class="figs">${rest.map((f) => figureCard(f, reportDir)).join('\n')}</div></section>`)
  const counts = TIERS.map((t) => [t, results.filter((r) => r.tier === t).length] as const).filter(([, n]) => n > 0)
  const nbRows = notebooks.map((nb) => `<tr><td>${notebookLink(nb.name, byName, reportDir)}</td><td class="${nb.status === 'ok' ? 'ok' : 'bad'}">${text(nb.status)}</td><td class="num">${nb.seconds == null ? '' : `${nb.seconds.toFixed(1)} s`}</td><td class="num">${results.filter((r) => r.notebook === nb.name).length}</td><td>${text((nb.error ?? '').split('\n')[0])}</td></tr>`).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222 }
table { border-collapse: collapse; margin: .5em 0 1em; width: 100% }
th, td { border-bottom: 1px solid #ddd; padding: .3em .6em; text-align: left; vertical-align: top }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap }
.tier, .verdict { color: #fff; border-radius: 3px; padding: 0 .4em; font-size: 12px }
.ok { color: #1b7f3b } .bad { color: #b00020; font-weight: bold }
.figs { display: flex; flex-wrap: wrap; gap: 1em }
figure { margin: 0; width: 380px } figure img { width: 100%; border: 1px solid #eee }
ul.tiers { list-style: none; padding: 0 } ul.tiers li { margin: .15em 0 }
</style></head>
<body>
<h1>${text(title)}</h1>
<p>Shirali &amp; Hardt, “What Makes ImageNet Look Unlike LAION”: every experiment, the paper’s number beside ours.${generated ? ` ${text(generated)}.` : ''}</p>
<p>${results.length} numbers from ${notebooks.length} notebooks, ${figures.length} figures${counts.length ? `; by tier: ${counts.map(([t, n]) => `${tierBadge(t)} ${n}`).join(', ')}` : ''}.</p>
${scoreboard ? scoreboardHtml(scoreboard, new Set(experiments.map(sectionAnchor))) : ''}
<ul class="tiers">${TIERS.map((t) => `<li>${tierBadge(t)} ${text(TIER_TEXT[t])}</li>`).join('')}</ul>
${sections.join('\n')}
<section><h2>Notebooks</h2>
<table><thead><tr><th>notebook</th><th>status</th><th>time</th><th>numbers</th><th>error</th></tr></thead>
<tbody>
${nbRows}
</tbody></table></section>
</body></html>
`
}

/**
 * Writes the self-contained HTML report to `file` (atomically) and returns its path. The dial sliders need
 * plotly's scripts, which report.html forbids: `writeDialsHtml` gives them a page of their own beside it, and the
 * sliders' cards link there when it exists.
 * @param input results, notebooks and rendered figures (file paths absolute or relative to the report).
 * @param file e.g. `<outDir()>/report.html`.
 * @example writeReportHtml({ results, notebooks, figures: await renderFigures(dir) }, join(outDir(), 'report.html'))
 */
export function writeReportHtml(input: ReportHtmlInput, file: string, options: ReportHtmlOptions = {}): string {
  if (!Array.isArray(input?.results) || !Array.isArray(input?.notebooks)) {
    throw new Error('report: writeReportHtml needs { results: ResultRecord[], notebooks: { name, status, file }[] } (figures optional)')
  }
  const abs = resolve(file)
  writeFileAtomicSync(abs, reportHtml(input, dirname(abs), options))
  return abs
}
