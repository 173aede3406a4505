import type { ClaimEntry } from '../claims/types.js'
import { VERDICTS } from '../claims/types.js'
import type { NotebookStatus, ResultRecord } from './types.js'

/** Returns `value` formatted for a report cell: numbers to at most 4 significant decimals, null as an em dash. */
export function formatValue(value: number | string | null | undefined, unit = ''): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value)
    const text = Number.isInteger(value) ? value.toLocaleString('en-US') : String(Number(value.toPrecision(4)))
    return unit ? `${text}${unit === '%' ? '%' : ` ${unit}`}` : text
  }
  return unit ? `${value} ${unit}` : value
}

/** Escapes text for a Markdown table cell: pipes, backslashes, HTML-significant characters and newlines. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ')
}

/**
 * Returns the Markdown reproduction report: one section per notebook with its status and the numbers
 * it recorded, ours beside the paper's, each with its tier.
 * @example reportMarkdown([{ name: '04_accuracy', status: 'ok', seconds: 12 }], records)
 */
export function reportMarkdown(notebooks: NotebookStatus[], results: ResultRecord[], { title = 'laionet reproduction report', generated = new Date(), scoreboard = [] as readonly ClaimEntry[] } = {}): string {
  const lines = [
    `# ${title}`,
    '',
    `Generated ${generated.toISOString()}. Tiers: real = computed here from real data; released = computed here from the`,
    'authors\' or ImageNetV2\'s released per-image results; simulated = the causal world; fixture = tiny random models',
    '(plumbing only, the numbers mean nothing); quoted = the paper\'s number, not recomputed.',
    '',
    ...(scoreboard.length ? [
      `## Scoreboard: ${scoreboard.length} claims of the paper`,
      '',
      VERDICTS.map((v) => `${scoreboard.filter((e) => e.verdict === v).length} ${v}`).join(', '),
      '',
      '| verdict | claim | ours | paper | tier | why / what to configure |',
      '|---|---|---|---|---|---|',
      ...scoreboard.map((e) => `| ${e.verdict} | \`${cell(e.id)}\` ${cell(e.claim)} | ${cell(formatValue(e.value, e.unit))} | ${cell(formatValue(e.paper, e.unit))} | ${e.tier} | ${cell(e.verdict === 'quoted' || e.verdict === 'plumbing' ? `configure: ${e.configure ?? '—'}` : e.reason)} |`),
      '',
    ] : []),
    '| notebook | status | time | numbers |',
    '|---|---|---|---|',
    ...notebooks.map((nb) => `| ${cell(nb.name)} | ${nb.status === 'ok' ? 'ok' : '**FAILED**'} | ${nb.seconds.toFixed(1)} s | ${results.filter((r) => r.notebook === nb.name).length} |`),
  ]
  for (const nb of notebooks) {
    const rows = results.filter((r) => r.notebook === nb.name)
    lines.push('', `## ${cell(nb.name)}`, '')
    if (nb.file) lines.push(`Executed notebook: [${cell(nb.file)}](${encodeURI(nb.file)})`, '')
    if (nb.status !== 'ok') lines.push(`**Failed**${nb.error ? `: ${cell(nb.error.split('\n')[0])}` : ''}`, '')
    if (rows.length === 0) {
      lines.push('No numbers recorded.')
      continue
    }
    lines.push('| section | claim | ours | paper | tier | note |', '|---|---|---|---|---|---|')
    for (const r of rows) {
      lines.push(`| ${cell(r.section)} | ${cell(r.claim)} | ${cell(formatValue(r.value, r.unit))} | ${cell(formatValue(r.paper, r.unit))} | ${r.tier} | ${cell(r.note ?? '')} |`)
    }
  }
  return lines.join('\n') + '\n'
}
