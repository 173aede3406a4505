import { paperValidationAccuracy } from '../metrics/paper-val.js'
import { readIndexPickle } from '../io/pickle.js'
import { loadImageNetV2Accuracy } from '../metrics/imagenetv2-load.js'
import { parseCommandArgs, printJson, UsageError } from './args.js'
import type { Command } from './types.js'
import { loadImageNetClasses } from '../imagenet/load-classes.js'
import { LaionetError } from '../util/errors.js'

const usage = `Usage:
  laionet accuracy --paper-val <parquet> [--classes <labels.pkl>] [--json]   the paper's released ImageNet-validation results
  laionet accuracy --imagenetv2 <dir> [--json]      ImageNetV2's released top-5 predictions

--paper-val: per model, top-1/top-5 over images and equi-weighted over classes (mean per-class recall),
  labels from the devkit; images without a prediction are left out. The file is paper/ILSVRC2012_val.parquet
  (e.g. ../shared/data/paper/ILSVRC2012_val.parquet, or the cached copy after "laionet data fetch paper/ILSVRC2012_val.parquet").
  --classes <labels.pkl>: average the per-class recalls over the pickle's keys present in validation, as the
  authors do (paper/laionet_clip_top50_labels.pkl: 978 keys, 977 ImageNet classes); without it, over all 1000.
  JSON: [{"model", "top1", "top5", "top1_per_class", "top5_per_class", "top1_per_class_se", "top5_per_class_se",
  "per_class_classes", "top1_per_class_all", "top5_per_class_all", "classes", "images"}], fractions; *_se is one
  standard error (the authors' error bar), *_all the mean over every class.
--imagenetv2: <dir> holds datasets/*.json and predictions/<dataset>/<model>.npy (the imagenetv2/ data folder).
  JSON: [{"dataset", "model", "top1", "top5", "images"}], fractions.
`

const pct = (x: number) => (100 * x).toFixed(2).padStart(6)

const command: Command = {
  summary: 'reproduce accuracies from released results (paper ImageNet-val parquet, ImageNetV2 predictions)',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { 'paper-val': { type: 'string' }, imagenetv2: { type: 'string' }, classes: { type: 'string' } })
    const paperVal = values['paper-val']
    const v2 = values.imagenetv2
    if ((paperVal === undefined) === (v2 === undefined)) throw new UsageError('give exactly one of --paper-val <parquet> or --imagenetv2 <dir>')
    if (values.classes !== undefined && paperVal === undefined) throw new UsageError('--classes goes with --paper-val')
    if (paperVal !== undefined) {
      const classes = values.classes === undefined ? undefined : await imageNetKeys(values.classes)
      const result = await paperValidationAccuracy(paperVal, { classes })
      if (result.mismatches.length) {
        io.stderr.write(`accuracy: ${result.mismatches.length} of ${result.checked} rows have a name_def_wnid that disagrees with the devkit label (first: image ${result.mismatches[0].image})\n`)
      }
      const rows = result.models.map((m) => ({
        model: m.model,
        top1: m.top1,
        top5: m.top5,
        top1_per_class: m.top1PerClass.accuracy,
        top5_per_class: m.top5PerClass.accuracy,
        top1_per_class_se: m.top1PerClass.se,
        top5_per_class_se: m.top5PerClass.se,
        per_class_classes: m.top1PerClass.classes,
        top1_per_class_all: m.top1PerClassAll.accuracy,
        top5_per_class_all: m.top5PerClassAll.accuracy,
        classes: m.classes,
        images: m.images,
      }))
      if (values.json) {
        printJson(io.stdout, rows)
      } else {
        const over = rows.length ? `per-class means over ${rows[0].per_class_classes} classes${classes ? ' (the --classes keys in validation)' : ''}` : ''
        io.stdout.write(`${'model'.padEnd(36)}  top-1   top-5  top-1/cls    se top-5/cls classes images (%, ${result.rows} rows, ${result.mismatches.length} label mismatches; ${over})\n`)
        for (const r of rows) {
          io.stdout.write(`${r.model.padEnd(36)} ${pct(r.top1)}  ${pct(r.top5)}   ${pct(r.top1_per_class)} ${(100 * r.top1_per_class_se).toFixed(2)}    ${pct(r.top5_per_class)} ${String(r.classes).padStart(7)} ${String(r.images).padStart(6)}\n`)
        }
      }
      return 0
    }
    const rows = await loadImageNetV2Accuracy(v2!)
    if (values.json) {
      printJson(io.stdout, rows)
    } else {
      io.stdout.write(`${'dataset'.padEnd(30)} ${'model'.padEnd(18)}  top-1   top-5 images (%)\n`)
      for (const r of rows) io.stdout.write(`${r.dataset.padEnd(30)} ${r.model.padEnd(18)} ${pct(r.top1)}  ${pct(r.top5)} ${r.images}\n`)
    }
    return 0
  },
}

// The --classes pickle's keys; a pickle none of whose keys is an ImageNet wnid would average over no class at all.
async function imageNetKeys(file: string): Promise<string[]> {
  const keys = [...(await readIndexPickle(file)).keys()]
  const known = new Set((await loadImageNetClasses()).map((c) => c.wnid))
  if (!keys.some((k) => known.has(k))) {
    const first = keys.slice(0, 3).map((k) => JSON.stringify(k.slice(0, 40))).join(', ')
    throw new LaionetError('accuracy', `--classes ${file}: none of its ${keys.length} keys is an ImageNet wnid${keys.length ? ` (first: ${first})` : ''}`, {
      code: 'invalid-input', fix: 'Pass a labels pickle keyed by wnids such as n01440764, e.g. paper/laionet_clip_top50_labels.pkl',
    })
  }
  return keys
}

export default command
