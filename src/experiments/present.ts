import { escapeHtml } from '../util/escape-html.js'
import { LaionetError } from '../util/errors.js'
import type { ExperimentRecord, ExperimentResult, ExperimentTable } from './types.js'

/**
 * One experiment table as an HTML table (every cell escaped: captions and file names are untrusted).
 * @param table a table of an {@link ExperimentResult}, or its id within `result`
 * @example tslab.display.html(tableHtml(result, 'fig4-top-classes'))
 */
export function tableHtml(result: ExperimentResult, id: string, { limit = 20 }: { limit?: number } = {}): string {
  const table: ExperimentTable | undefined = result.tables.find((t) => t.id === id)
  if (!table) throw new LaionetError('experiments', `${result.experiment} has no table "${id}" (has ${result.tables.map((t) => t.id).join(', ') || 'none'})`, { code: 'not-found' })
  const columns = [...new Set(table.rows.flatMap((r) => Object.keys(r)))]
  const cell = (v: unknown) => (v === null || v === undefined ? '—' : escapeHtml(String(v)))
  return `<table><caption>${escapeHtml(table.title)}</caption><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>` +
    table.rows.slice(0, limit).map((r) => `<tr>${columns.map((c) => `<td>${cell(r[c])}</td>`).join('')}</tr>`).join('') + '</table>'
}

/**
 * Where an experiment's numbers came from, as HTML: one line per part (tier, branch, files read), and a red banner
 * when a part ran through the tiny random CLIP (its numbers only prove the plumbing).
 * @example tslab.display.html(sourcesHtml(result))
 */
export function sourcesHtml(result: ExperimentResult): string {
  const fixture = result.sources.filter((s) => s.tier === 'fixture')
  const banner = fixture.length
    ? '<div style="border:3px solid #c00;background:#fee;padding:8px;font-weight:bold">FIXTURE MODEL: ' +
      `${fixture.map((s) => escapeHtml(s.part)).join(', ')} ran through the tiny random-weight CLIP, so those numbers are MEANINGLESS: ` +
      'they only prove that the pipeline runs. Name real CLIP weights in models.clip for real numbers.</div>'
    : ''
  const lines = result.sources.map((s) => `<li><b>${escapeHtml(s.part)}</b>: tier <code>${escapeHtml(s.tier)}</code> (${escapeHtml(s.paper)}). ${escapeHtml(s.reason)}` +
    `${s.source.length ? `; reads ${s.source.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ')}` : ''}${s.upgrade ? `. <i>Stronger: ${escapeHtml(s.upgrade)}</i>` : ''}</li>`)
  return `${banner}<ul>${lines.join('')}</ul>`
}

/**
 * The record with one id (notebook prose reads its outcome from it), or a clear error naming the ids there are.
 * @example recordById(result.records, 'fig6.comparedClasses').value
 */
export function recordById(records: readonly ExperimentRecord[], id: string): ExperimentRecord {
  const r = records.find((x) => x.id === id)
  if (!r) throw new LaionetError('experiments', `no record with id "${id}" (ids: ${records.map((x) => x.id).join(', ')})`, { code: 'not-found' })
  return r
}
