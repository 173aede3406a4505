import { readFile } from 'node:fs/promises'
import { dataPath } from '../../data/data-path.js'
import { loadManifest } from '../../data/manifest.js'
import { escapeHtml } from '../../util/escape-html.js'
import { loadSharp } from '../../util/lazy.js'
import type { Tier } from '../../tier.js'
import { checkTier, need } from '../figure-parts.js'

/** One candidate example: an image and/or its caption, with its class and text similarity. */
export interface ExampleItem {
  /** The class. */
  wnid: string
  /** The class's readable name. Default: the wnid. */
  name?: string
  /** Image source: a `data:image/...` URI (see {@link imageDataUri}) or an http(s) URL. Default: no image. */
  image?: string
  /** The caption (untrusted text: escaped). Default: none. */
  caption?: string | null
  /** Caption-to-synset text similarity; orders the quartiles. Default: none (file order, no quartiles). */
  similarity?: number | null
}

/** One class of the grid: its examples per text-similarity quartile (1 = most similar). */
export interface ExampleGridClass {
  wnid: string
  name: string
  /** Examples with a similarity, by quartile; `quartile` null holds the ones without (file order). */
  groups: { quartile: 1 | 2 | 3 | 4 | null, items: ExampleItem[] }[]
}

/**
 * Orders each class's examples as the authors' display_exmples_from_laionet notebook does: by caption-to-synset
 * similarity, split into quartiles (1 = most similar), `perQuartile` shown from the top of each; examples without a
 * similarity keep file order in one group.
 * @param items the candidates (any order; file order is kept among equals)
 * @param options perQuartile (default 2), classes (which and in what order; default: first-seen order), maxClasses (default 12)
 * @example examplesGrid(items, { perQuartile: 1 })[0].groups.map((g) => g.quartile) // [1, 2, 3, 4]
 */
export function examplesGrid(items: readonly ExampleItem[], { perQuartile = 2, classes, maxClasses = 12 }: { perQuartile?: number, classes?: readonly string[], maxClasses?: number } = {}): ExampleGridClass[] {
  need('examples-grid', Number.isInteger(perQuartile) && perQuartile >= 1, `perQuartile must be a positive integer, got ${perQuartile}`)
  const byClass = new Map<string, ExampleItem[]>()
  for (const it of items) {
    need('examples-grid', typeof it?.wnid === 'string', 'needs a wnid on every item')
    const list = byClass.get(it.wnid) ?? []
    list.push(it)
    byClass.set(it.wnid, list)
  }
  const order = (classes ?? [...byClass.keys()]).filter((w) => byClass.has(w)).slice(0, maxClasses)
  return order.map((wnid) => {
    const list = byClass.get(wnid)!
    const scored = list.filter((it) => Number.isFinite(it.similarity)).map((it, i) => ({ it, i }))
      .sort((a, b) => (b.it.similarity as number) - (a.it.similarity as number) || a.i - b.i).map((x) => x.it)
    const unscored = list.filter((it) => !Number.isFinite(it.similarity))
    const groups: ExampleGridClass['groups'] = []
    if (scored.length) {
      for (const q of [1, 2, 3, 4] as const) {
        const part = scored.slice(Math.floor(((q - 1) * scored.length) / 4), Math.floor((q * scored.length) / 4))
        if (part.length) groups.push({ quartile: q, items: part.slice(0, perQuartile) })
      }
    }
    if (unscored.length) groups.push({ quartile: null, items: unscored.slice(0, perQuartile * 4) })
    return { wnid, name: list[0].name ?? wnid, groups }
  })
}

const SAFE_IMAGE = /^(data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+|https?:\/\/[^\s]+)$/

/**
 * Renders an examples grid as self-contained HTML: one row per class, one cell per example (thumbnail and caption),
 * quartiles labelled. Every caption, name and URL is escaped; an image source that is not a base64 data URI or an
 * http(s) URL is refused.
 * @param grid from {@link examplesGrid}
 * @param options title, tier (shown beside the title), thumb (pixel height, default 112)
 * @returns an HTML fragment for `display.html` or a report
 * @example display.html(examplesGridHtml(examplesGrid(items), { title: 'ImageNet samples', tier: 'real' }))
 */
export function examplesGridHtml(grid: readonly ExampleGridClass[], { title = 'Examples', tier, thumb = 112 }: { title?: string, tier: Tier, thumb?: number }): string {
  checkTier('examples-grid', tier)
  const cell = (it: ExampleItem): string => {
    if (it.image !== undefined) need('examples-grid', SAFE_IMAGE.test(it.image), `image of ${JSON.stringify(it.wnid)} must be a base64 data:image URI or an http(s) URL, got ${JSON.stringify(it.image.slice(0, 40))}`)
    const img = it.image ? `<img src="${escapeHtml(it.image)}" style="height:${thumb}px;display:block" alt="${escapeHtml(it.name ?? it.wnid)}">` : ''
    const sim = Number.isFinite(it.similarity) ? `<div style="color:#555">sim ${(it.similarity as number).toFixed(3)}</div>` : ''
    const cap = it.caption ? `<div>${escapeHtml(it.caption.length > 140 ? `${it.caption.slice(0, 140)}…` : it.caption)}</div>` : ''
    return `<td style="vertical-align:top;padding:4px;max-width:${Math.max(thumb, 140)}px;font-size:11px">${img}${cap}${sim}</td>`
  }
  const rows = grid.map((c) => {
    const cells = c.groups.map((g) => `<td style="vertical-align:top;padding:4px;font-size:11px;color:#0072B2">${g.quartile ? `Q${g.quartile}` : 'file order'}</td>${g.items.map(cell).join('')}`).join('')
    return `<tr><th style="text-align:left;vertical-align:top;padding:4px">${escapeHtml(c.name)}<div style="font-weight:normal;color:#777">${escapeHtml(c.wnid)}</div></th>${cells}</tr>`
  }).join('\n')
  return `<div><div style="font-weight:bold">${escapeHtml(title)} <span style="font-weight:normal;font-size:12px">(tier: ${escapeHtml(tier)})</span></div>`
    + `<table style="border-collapse:collapse">\n${rows}\n</table></div>`
}

/**
 * Returns an image file as a small JPEG `data:` URI (resized to `height` pixels, aspect kept) for an HTML grid.
 * @param file the image file
 * @param options height in pixels (default 112)
 * @example await imageDataUri('n01440764_tench.JPEG') // 'data:image/jpeg;base64,...'
 */
export async function imageDataUri(file: string, { height = 112 }: { height?: number } = {}): Promise<string> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (err) {
    throw new Error(`examples-grid: cannot read image ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err })
  }
  const sharp = await loadSharp()
  try {
    const out = await sharp(bytes, { limitInputPixels: 100_000_000 }).resize({ height, withoutEnlargement: true }).flatten({ background: '#ffffff' }).jpeg({ quality: 80 }).toBuffer()
    return `data:image/jpeg;base64,${out.toString('base64')}`
  } catch (err) {
    throw new Error(`examples-grid: ${file} is not a readable image (${(err as Error).message})`, { cause: err })
  }
}

/**
 * Returns the ImageNet sample images of the given classes (data file `imagenet/samples/<wnid>_<name>.JPEG`, one per
 * class, real ImageNet images) as grid items with small data-URI thumbnails; the name is the file's.
 * @param wnids the classes, in display order
 * @param options height (default 112)
 * @example examplesGridHtml(examplesGrid(await imageNetSampleItems(['n01440764'])), { title: 'ImageNet', tier: 'real' })
 */
export async function imageNetSampleItems(wnids: readonly string[], { height = 112 }: { height?: number } = {}): Promise<ExampleItem[]> {
  const files = (await loadManifest()).files.map((f) => f.name).filter((n) => n.startsWith('imagenet/samples/'))
  const out: ExampleItem[] = []
  for (const wnid of wnids) {
    const name = files.find((n) => n.startsWith(`imagenet/samples/${wnid}_`))
    if (!name) throw new Error(`examples-grid: no ImageNet sample for class ${JSON.stringify(wnid)} in the data manifest (expected imagenet/samples/${wnid}_<name>.JPEG)`)
    const label = name.slice(`imagenet/samples/${wnid}_`.length).replace(/\.JPEG$/, '').replace(/_/g, ' ')
    out.push({ wnid, name: label, image: await imageDataUri(await dataPath(name), { height }), caption: `ImageNet sample: ${label}` })
  }
  return out
}
