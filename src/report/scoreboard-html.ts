import type { ClaimEntry, Verdict } from '../claims/types.js'
import { VERDICTS } from '../claims/types.js'
import { escapeHtml } from '../util/escape-html.js'
import { formatValue } from '../util/format.js'

const VERDICT_TEXT: Record<Verdict, string> = {
  reproduced: 'real or released data, within the claim\'s tolerance',
  differs: 'real or released data, outside the tolerance: a finding',
  direction: 'the simulated world: the effect has the paper\'s sign',
  opposite: 'the simulated world: the effect has the other sign',
  plumbing: 'tiny random models: proves the pipeline runs, the number means nothing',
  quoted: 'not computed here: the paper\'s number only',
}
const VERDICT_COLOR: Record<Verdict, string> = { reproduced: '#1b7f3b', differs: '#b35c00', direction: '#0b61a4', opposite: '#b00020', plumbing: '#8d2b8f', quoted: '#666' }

/** The anchor of a report section for a paper label such as `Fig. 6` or `Section 2` (the report's own sections use it). */
export function sectionAnchor(label: string): string {
  return `section-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`
}

/** The badge of one verdict. */
function verdictBadge(v: Verdict): string {
  return `<span class="verdict" style="background:${VERDICT_COLOR[v]}" title="${escapeHtml(VERDICT_TEXT[v])}">${v}</span>`
}

/** The short label of a claim's section, e.g. `ICLR, Section 3, Fig. 6 (approximate)` -> `Fig. 6`. */
function shortSection(citation: string): string {
  const parts = citation.replace(/\s*\(approximate\)$/, '').split(',').map((p) => p.trim())
  return parts.length > 1 ? parts[parts.length - 1] : parts[0]
}

/**
 * The scoreboard as HTML (`<section id="scoreboard">`): the counts by verdict, then one row per claim of the paper
 * with ours, the paper's, the verdict and either the comparison or what to configure; each row links to the report
 * section of its figure when the report has one.
 * @param entries `scoreboard(...)`'s rows, in registry order
 * @param anchors the section anchors the report has (rows link only to those)
 */
export function scoreboardHtml(entries: readonly ClaimEntry[], anchors: ReadonlySet<string> = new Set()): string {
  const counts = VERDICTS.map((v) => [v, entries.filter((e) => e.verdict === v).length] as const)
  const summary = counts.map(([v, n]) => `${verdictBadge(v)} ${n}`).join(' · ')
  const rows = entries.map((e) => {
    const label = shortSection(e.section)
    const anchor = sectionAnchor(label)
    const where = anchors.has(anchor) ? `<a href="#${anchor}">${escapeHtml(label)}</a>` : escapeHtml(label)
    const unit = e.unit === '%' ? '%' : ` ${e.unit}`
    const how = e.verdict === 'quoted' || e.verdict === 'plumbing' ? `configure: ${e.configure ?? '—'}` : e.reason
    return `<tr class="v-${e.verdict}"><td>${verdictBadge(e.verdict)}</td><td><code>${escapeHtml(e.id)}</code>${e.setting ? ' <small>(setting)</small>' : ''}<br><small>${escapeHtml(e.claim)}</small></td>` +
      `<td class="num">${escapeHtml(e.value === null ? '—' : formatValue(e.value) + unit)}</td><td class="num">${escapeHtml(formatValue(e.paper) + unit)}</td>` +
      `<td>${escapeHtml(e.tier)}</td><td>${where}</td><td><small>${escapeHtml(how)}</small></td></tr>`
  }).join('\n')
  return `<section id="scoreboard"><h2>Scoreboard: ${entries.length} claims of the paper</h2>
<p class="verdicts">${summary}</p>
<table class="scoreboard"><thead><tr><th>verdict</th><th>claim</th><th>ours</th><th>paper</th><th>tier</th><th>where</th><th>why / what to configure</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>`
}
