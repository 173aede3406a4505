import { writeFile } from 'node:fs/promises'
import { writeNpy } from '../io/npy.js'
import { loadClip } from '../models/clip.js'
import { embedImages } from '../models/embed-images.js'
import { listImageFiles } from '../models/image-files.js'
import { numberFlag, parseCommandArgs, printJson, UsageError } from './args.js'
import type { Command } from './types.js'

const usage = `Usage:
  laionet embed-images --model <id|dir> <files|dirs...> --out <x.npy>
                       [--batch-size 32] [--max-pixels 100000000] [--dtype fp32] [--no-normalize] [--no-cache] [--json]

CLIP image embeddings of image files (folders: their .jpg/.jpeg/.png/.webp/.gif files, sorted), written as a
float32 .npy [images, dim], L2-normalised unless --no-normalize. Beside it: <x>.files.json (the file of each
row, in order) and <x>.errors.json (images that could not be used, with the reason: empty, corrupt,
unsupported or above --max-pixels; the others go on). Grayscale, RGBA and CMYK images are converted to RGB
and counted.
`

const command: Command = {
  summary: 'CLIP image embeddings of image files to a .npy',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      model: { type: 'string' }, out: { type: 'string' }, 'batch-size': { type: 'string' }, 'max-pixels': { type: 'string' },
      dtype: { type: 'string' }, 'no-normalize': { type: 'boolean' }, 'no-cache': { type: 'boolean' },
    }, { positionals: true })
    if (!values.model) throw new UsageError('--model <id|dir> is required')
    if (!values.out || !values.out.endsWith('.npy')) throw new UsageError('--out <file.npy> is required')
    if (positionals.length === 0) throw new UsageError('give at least one image file or folder')
    const files = await listImageFiles(positionals)
    const clip = await loadClip(values.model, { dtype: (values.dtype ?? 'fp32') as 'fp32' })
    let result: Awaited<ReturnType<typeof embedImages>>
    try {
      result = await embedImages(clip, files, {
        batchSize: numberFlag('batch-size', values['batch-size'], 32),
        maxPixels: numberFlag('max-pixels', values['max-pixels'], 100_000_000),
        normalize: !values['no-normalize'],
        ...(values['no-cache'] ? { cache: false as const } : {}),
      })
    } finally {
      await clip.dispose()
    }
    const base = values.out.slice(0, -'.npy'.length)
    const rowFiles = files.filter((_, i) => result.rowOf[i] !== -1)
    await writeNpy(values.out, { dtype: 'float32', shape: [result.rows, result.dim], data: result.data })
    await writeFile(`${base}.files.json`, JSON.stringify(rowFiles, null, 1) + '\n')
    await writeFile(`${base}.errors.json`, JSON.stringify(result.errors.map(({ file, error }) => ({ file, error })), null, 1) + '\n')
    const summary = { out: values.out, images: files.length, rows: result.rows, dim: result.dim, errors: result.errors.length, converted: result.converted }
    if (values.json) printJson(io.stdout, summary)
    else {
      const conv = Object.entries(result.converted).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'
      io.stdout.write(`embedded ${result.rows} of ${files.length} images (${result.dim} dims) to ${values.out}; ` +
        `${result.errors.length} errors (${base}.errors.json); converted to RGB: ${conv}\n`)
    }
    return 0
  },
}

export default command
