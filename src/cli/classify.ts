import { classifyImages } from '../models/classify-images.js'
import { listImageFiles } from '../models/image-files.js'
import { loadClassifier } from '../models/load-classifier.js'
import { numberFlag, parseCommandArgs, UsageError } from './args.js'
import type { Command } from './types.js'

const usage = `Usage:
  laionet classify --model <id|dir|file.onnx> <images|dirs...> [--top 5] [--batch-size 16] [--threads N] [--json]

Classifies images over the 1000 ImageNet classes. --model is a raw .onnx ImageNet-1k classifier (resize 256,
centre crop 224, ImageNet mean/std; outputs in sorted-wnid order, e.g. the data file
models/mobilenetv2-12-int8.onnx), a transformers.js image-classification folder or hub id (Xenova/resnet-50;
labels mapped to wnids, ImageNet-22k heads restricted to the 1000 classes), or a CLIP folder or hub id (the
zero-shot classifier over the synset texts). With --json: one JSON line per image
{"file", "top5": [{"wnid", "index", "score"}]}, or {"file", "error"} for an image that could not be used.
`

const command: Command = {
  summary: 'top-5 ImageNet classes of images (ONNX, transformers.js or CLIP zero-shot)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      model: { type: 'string' }, top: { type: 'string' }, 'batch-size': { type: 'string' }, threads: { type: 'string' }, dtype: { type: 'string' },
    }, { positionals: true })
    if (!values.model) throw new UsageError('--model <id|dir|file.onnx> is required')
    if (positionals.length === 0) throw new UsageError('give at least one image file or folder')
    const files = await listImageFiles(positionals)
    const threads = values.threads === undefined ? undefined : numberFlag('threads', values.threads, 0)
    const classifier = await loadClassifier(values.model, { threads, dtype: (values.dtype ?? 'fp32') as 'fp32' })
    let result
    try {
      result = await classifyImages(classifier, files, {
        topK: numberFlag('top', values.top, 5),
        batchSize: numberFlag('batch-size', values['batch-size'], 16),
      })
    } finally {
      await classifier.dispose()
    }
    const errors = new Map(result.errors.map((e) => [e.index, e.error]))
    result.predictions.forEach((p, i) => {
      if (values.json) {
        io.stdout.write(JSON.stringify(p ?? { file: files[i], error: errors.get(i) }) + '\n')
      } else if (p) {
        io.stdout.write(`${p.file}\t${p.top5.map((c) => `${c.wnid} ${c.score.toFixed(3)}`).join('\t')}\n`)
      } else {
        io.stdout.write(`${files[i]}\terror: ${errors.get(i)}\n`)
      }
    })
    if (result.errors.length > 0) io.stderr.write(`classify: ${result.errors.length} of ${files.length} images could not be used\n`)
    return 0
  },
}

export default command
