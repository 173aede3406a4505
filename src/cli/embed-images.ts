import { RANGES } from '../util/number-ranges.js'
import { writeFileAtomic } from '../io/write-atomic.js'
import { LaionetError } from '../util/errors.js'
import { writeNpy } from '../io/npy.js'
import { loadClip } from '../models/clip.js'
import { embedImages } from '../models/embed-images.js'
import { listImageFiles } from '../models/image-files.js'
import { numberFlag, parseCommandArgs, printJson, UsageError } from './args.js'
import { CLIP_FLAGS, CLIP_FLAGS_USAGE, clipFlagOptions } from './clip-flags.js'
import { cliProgress } from './progress.js'
import type { Command } from './types.js'

const usage = `Usage:
  laionet embed-images --model <id|dir> <files|dirs...> --out <x.npy>
                       [--batch-size N] [--threads N] [--device cpu|cuda] [--dtype fp32] [--max-pixels 100000000]
                       [--no-normalize] [--no-cache] [--json]

CLIP image embeddings of image files (folders: their .jpg/.jpeg/.png/.webp/.gif files, sorted), written as a
float32 .npy [images, dim], L2-normalised unless --no-normalize. Beside it: <x>.files.json (the file of each
row, in order) and <x>.errors.json (images that could not be used, with the reason: empty, corrupt,
unsupported or above --max-pixels; the others go on). Grayscale, RGBA and CMYK images are converted to RGB
and counted.
${CLIP_FLAGS_USAGE}
`

const command: Command = {
  summary: 'CLIP image embeddings of image files to a .npy',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      model: { type: 'string' }, out: { type: 'string' }, dtype: { type: 'string' }, ...CLIP_FLAGS, 'max-pixels': { type: 'string' },
      'no-normalize': { type: 'boolean' }, 'no-cache': { type: 'boolean' },
    }, { positionals: true })
    if (!values.model) throw new UsageError('--model <id|dir> is required')
    if (!values.out) throw new UsageError('--out <file.npy> is required')
    if (!values.out.endsWith('.npy')) throw new UsageError(`--out: "${values.out}" does not end in .npy (the embeddings are written as a float32 .npy, with <name>.files.json and <name>.errors.json beside it)`)
    if (positionals.length === 0) throw new UsageError('give at least one image file or folder')
    const files = await listImageFiles(positionals)
    const clip = await loadClip(values.model, clipFlagOptions(values))
    let result: Awaited<ReturnType<typeof embedImages>>
    const bar = cliProgress(io, 'embed-images', { unit: 'images', total: files.length, json: values.json })
    let done = 0
    try {
      result = await embedImages(clip, files, {
        onBatch: (n: number) => bar.update(done += n),
        maxPixels: numberFlag('max-pixels', values['max-pixels'], 100_000_000, RANGES.pixels),
        normalize: !values['no-normalize'],
        ...(values['no-cache'] ? { cache: false as const } : {}),
      })
    } finally {
      bar.end()
      await clip.dispose()
    }
    const base = values.out.slice(0, -'.npy'.length)
    // No (0, 0) matrix over an earlier result: when no image could be used nothing is written.
    if (result.rows === 0) {
      throw new LaionetError('embed-images', `none of the ${files.length} images could be used, so ${values.out} was not written (first error: ${result.errors[0]?.error})`, { code: 'invalid-input' })
    }
    const rowFiles = files.filter((_, i) => result.rowOf[i] !== -1)
    await writeNpy(values.out, { dtype: 'float32', shape: [result.rows, result.dim], data: result.data })
    await writeFileAtomic(`${base}.files.json`, JSON.stringify(rowFiles, null, 1) + '\n')
    await writeFileAtomic(`${base}.errors.json`, JSON.stringify(result.errors.map(({ file, error }) => ({ file, error })), null, 1) + '\n')
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
