import { classifyImages } from '../models/classify-images.js'
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS } from '../models/decode-image.js'
import { listImageFiles } from '../models/image-files.js'
import { loadClassifier } from '../models/load-classifier.js'
import { LaionetError } from '../util/errors.js'
import { numberFlag, parseCommandArgs, UsageError } from './args.js'
import { cliProgress } from './progress.js'
import type { Command } from './types.js'

const usage = `Usage:
  laionet classify --model <id|dir|file.onnx> <images|dirs...> [--top 5] [--batch-size 16] [--threads N]
                   [--max-pixels 100000000] [--max-bytes 209715200] [--int8-kernels] [--json]

Classifies images over the 1000 ImageNet classes. --model is a raw .onnx ImageNet-1k classifier (resize 256,
centre crop 224, ImageNet mean/std; outputs in sorted-wnid order, e.g. the data file
models/mobilenetv2-12-int8.onnx), a transformers.js image-classification folder or hub id (Xenova/resnet-50;
labels mapped to wnids, ImageNet-22k heads restricted to the 1000 classes), or a CLIP folder or hub id (the
zero-shot classifier over the synset texts). With --json: one JSON line per image
{"file", "top5": [{"wnid", "index", "score"}]}, or {"file", "error"} for an image that could not be used
(empty, corrupt, unsupported, above --max-pixels or --max-bytes; the others go on). Exit code 1 when no image
could be used. Progress on stderr when it is a terminal.

A quantized .onnx model (int8 operators: QLinearConv, MatMulInteger, ...) runs as its float rewrite, made once
and cached by the file's sha256 in <cache>/models/float-rewrite: the same result on every CPU. --int8-kernels runs
onnxruntime's int8 kernels instead, which without VNNI lose about 8 points of top-1 on MobileNetV2-int8 (warned).
Each --json line of a prediction carries "path" (float, float-rewrite or int8) and "cpu" (model, avx2, avx512f,
vnni); the text output prints which path ran on stderr.
`

const command: Command = {
  summary: 'top-5 ImageNet classes of images (ONNX, transformers.js or CLIP zero-shot)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      model: { type: 'string' }, top: { type: 'string' }, 'batch-size': { type: 'string' }, threads: { type: 'string' }, dtype: { type: 'string' },
      'max-pixels': { type: 'string' }, 'max-bytes': { type: 'string' }, 'int8-kernels': { type: 'boolean' },
    }, { positionals: true })
    if (!values.model) throw new UsageError('--model <id|dir|file.onnx> is required')
    if (positionals.length === 0) throw new UsageError('give at least one image file or folder')
    // Every flag is checked before the model loads.
    const topK = numberFlag('top', values.top, 5, { min: 1, max: 1000, integer: true })
    const batchSize = numberFlag('batch-size', values['batch-size'], 16, { min: 1, integer: true })
    const threads = values.threads === undefined ? undefined : numberFlag('threads', values.threads, 0, { min: 0, integer: true })
    const maxPixels = numberFlag('max-pixels', values['max-pixels'], DEFAULT_MAX_PIXELS, { min: 1 })
    const maxBytes = numberFlag('max-bytes', values['max-bytes'], DEFAULT_MAX_BYTES, { min: 1 })
    const files = await listImageFiles(positionals)
    const classifier = await loadClassifier(values.model, { threads, dtype: (values.dtype ?? 'fp32') as 'fp32', int8Kernels: values['int8-kernels'], onWarning: (m) => io.stderr.write(`${m}\n`) })
    const runtime = classifier.runtime
    // The CPU matters to the numbers only where int8 kernels could run: say so for every raw .onnx model.
    if (runtime && !values.json && classifier.kind === 'onnx') io.stderr.write(`classify: ${runtime.note}\n`)
    const ran = runtime && { path: runtime.path, cpu: { model: runtime.cpu.model, avx2: runtime.cpu.avx2, avx512f: runtime.cpu.avx512f, vnni: runtime.cpu.vnni } }
    const bar = cliProgress(io, 'classify', { unit: 'images', total: files.length, json: values.json })
    let done = 0
    let result
    try {
      result = await classifyImages(classifier, files, { topK, batchSize, maxPixels, maxBytes, onBatch: () => bar.update(done = Math.min(files.length, done + batchSize)) })
    } finally {
      bar.end()
      await classifier.dispose()
    }
    const errors = new Map(result.errors.map((e) => [e.index, e.error]))
    result.predictions.forEach((p, i) => {
      if (values.json) {
        io.stdout.write(JSON.stringify(p ? { ...p, ...ran } : { file: files[i], error: errors.get(i) }) + '\n')
      } else if (p) {
        io.stdout.write(`${p.file}\t${p.top5.map((c) => `${c.wnid} ${c.score.toFixed(3)}`).join('\t')}\n`)
      } else {
        io.stdout.write(`${files[i]}\terror: ${errors.get(i)}\n`)
      }
    })
    if (result.errors.length === files.length) {
      throw new LaionetError('classify', `none of the ${files.length} images could be used (first error: ${result.errors[0].error})`, { code: 'invalid-input' })
    }
    if (result.errors.length > 0) io.stderr.write(`classify: ${result.errors.length} of ${files.length} images could not be used\n`)
    return 0
  },
}

export default command
