import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { loadImageNetClasses, loadReleasedLaionet, parquetRowGroups, synsetText } from '../../src/index.js'
import { releasedEncoders, releasedModels } from '../../src/datasets/released-laionet.js'
import { shared, skipWithoutShared } from '../helpers/shared.js'

const pandas = (columns: string[]) => ({
  key: 'pandas',
  value: JSON.stringify({ index_columns: ['__index_level_0__'], columns: columns.map((name) => ({ name })) }),
})

describe('released LAIONet parquet', () => {
  let dir: string
  let texts: Map<string, string>
  before(async () => {
    // The synset texts come from WordNet 3.0 through the package's class loader, the same text the authors'
    // queries.py builds as `<name> which is <definition>`.
    const classes = await loadImageNetClasses()
    texts = new Map(classes.map((c) => [c.wnid, synsetText(c)]))
  })
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-released-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const write = (file: string, columns: { name: string, data: unknown[], type: 'STRING' | 'BOOLEAN' | 'DOUBLE' | 'INT64' | 'INT32' }[], rowGroupSize = 1000) => {
    parquetWriteFile({ filename: file, columnData: columns as never, rowGroupSize, kvMetadata: [pandas(columns.map((c) => c.name))] })
    return file
  }

  it('keeps the rows whose wnid_is_in_recognized_text is false, with their class, index and per-model outcomes', async () => {
    const wnids = ['n01440764', 'n02125311', 'n01440764', 'n09999999', 'n02125311']
    const names = wnids.map((w) => texts.get(w) ?? 'unused which is dropped')
    const file = write(join(dir, 'LAIONet.parquet'), [
      { name: 'SAMPLE_ID', data: [11n, 12n, 13n, 14n, 15n], type: 'INT64' },
      { name: 'URL', data: ['http://a/1.jpg', 'http://a/2.jpg', 'http://a/3.jpg', 'http://a/4.jpg', 'http://a/5.jpg'], type: 'STRING' },
      { name: 'TEXT', data: ['a tench', 'a cougar', 'tench', 'dropped', 'cougar photo'], type: 'STRING' },
      { name: 'HEIGHT', data: [10, 20, 30, 40, 50], type: 'INT32' },
      { name: 'WIDTH', data: [10, 20, 30, 40, 50], type: 'INT32' },
      { name: 'LICENSE', data: ['?', '?', '?', '?', '?'], type: 'STRING' },
      { name: 'NSFW', data: ['UNLIKELY', 'UNLIKELY', 'UNLIKELY', 'UNLIKELY', 'UNLIKELY'], type: 'STRING' },
      { name: 'similarity', data: [0.3, 0.31, 0.32, 0.33, 0.34], type: 'DOUBLE' },
      { name: 'name_def_wnid', data: names, type: 'STRING' },
      { name: 'text_to_name_def_wnid_similarity_clip-vit-base-patch32', data: [0.9, 0.85, 0.83, 0.5, null], type: 'DOUBLE' },
      { name: 'recognized_text', data: ['', 'COUGAR', '', 'x', null], type: 'STRING' },
      // row 1 has the class name in the image (true), row 3 was not OCR'd (null): both dropped as the authors'
      // `df[df['wnid_is_in_recognized_text'] == False]` drops them.
      { name: 'wnid_is_in_recognized_text', data: [false, true, false, null, false], type: 'BOOLEAN' },
      { name: 'top_1_is_correct_resnet-50', data: [true, true, false, true, null], type: 'BOOLEAN' },
      { name: 'top_5_is_correct_resnet-50', data: [true, true, true, true, null], type: 'BOOLEAN' },
      { name: 'top_1_is_correct_only-top1', data: [true, true, true, true, true], type: 'BOOLEAN' },
      { name: '__index_level_0__', data: [300000007n, 300000009n, 1700000000n, 5n, 3100000042n], type: 'INT64' },
    ], 2)
    const released = await loadReleasedLaionet(file)
    expect(released.rows).to.equal(5)
    expect(released.dropped).to.equal(2)
    expect(released.row).to.deep.equal([0, 2, 4])
    expect(released.index).to.deep.equal([300000007, 1700000000, 3100000042])
    expect(released.wnid).to.deep.equal(['n01440764', 'n01440764', 'n02125311'])
    expect(released.text).to.deep.equal(['a tench', 'tench', 'cougar photo'])
    expect(released.url).to.deep.equal(['http://a/1.jpg', 'http://a/3.jpg', 'http://a/5.jpg'])
    expect(released.recognizedText).to.deep.equal(['', '', null])
    expect(released.models).to.deep.equal(['resnet-50'])
    expect(released.encoders).to.deep.equal(['clip-vit-base-patch32'])
    expect(released.similarity['clip-vit-base-patch32']).to.deep.equal([0.9, 0.83, null])
    expect(released.top1['resnet-50']).to.deep.equal([true, false, null])
    expect(released.top5['resnet-50']).to.deep.equal([true, true, null])
    const lean = await loadReleasedLaionet(file, { text: false, models: [] })
    expect(lean.url).to.deep.equal([])
    expect(lean.models).to.deep.equal([])
    expect(lean.wnid).to.deep.equal(released.wnid)
  })

  it('maps every name_def_wnid of the authors\' released ILSVRC2012_val.parquet to one of the 1000 classes', async function () {
    skipWithoutShared(this, 'data/paper/ILSVRC2012_val.parquet')
    // The same column, written by the same authors' code, as the released LAIONet: all 1000 synset texts must map.
    const names = new Set<string>()
    for await (const b of parquetRowGroups(shared('data/paper/ILSVRC2012_val.parquet'), { columns: ['name_def_wnid'] })) for (const v of b.columns.name_def_wnid) names.add(String(v))
    const byText = new Map([...texts].map(([w, t]) => [t, w]))
    expect(names.size).to.equal(1000)
    expect([...names].filter((n) => !byText.has(n))).to.deep.equal([])
  })

  it('finds models and encoders from the column names', () => {
    const cols = ['URL', 'top_1_is_correct_clip-vit-base-patch32', 'top_5_is_correct_clip-vit-base-patch32', 'top_1_is_correct_x',
      'text_to_name_def_wnid_similarity_all-mpnet-base-v2', 'text_to_name_def_wnid_similarity_clip-vit-base-patch32']
    expect(releasedModels(cols)).to.deep.equal(['clip-vit-base-patch32'])
    expect(releasedEncoders(cols)).to.deep.equal(['all-mpnet-base-v2', 'clip-vit-base-patch32'])
  })

  it('uses the row position as the index when the file has no pandas index', async () => {
    const file = join(dir, 'plain.parquet')
    parquetWriteFile({ filename: file, columnData: [
      { name: 'URL', data: ['u0', 'u1'], type: 'STRING' },
      { name: 'TEXT', data: ['t0', 't1'], type: 'STRING' },
      { name: 'name_def_wnid', data: [texts.get('n01440764'), texts.get('n01440764')], type: 'STRING' },
      { name: 'wnid_is_in_recognized_text', data: [false, false], type: 'BOOLEAN' },
    ] })
    expect((await loadReleasedLaionet(file)).index).to.deep.equal([0, 1])
  })

  it('names the file, row and key for a missing, empty, non-parquet or wrong-schema file and an unknown class', async () => {
    const fail = (file: string) => loadReleasedLaionet(file).then(() => null, (e: Error) => e.message)
    const missing = join(dir, 'missing.parquet')
    expect(await fail(missing)).to.equal(`released LAIONet: ${missing} does not exist (ENOENT). Set sources.laionetReleased to an existing parquet file`)
    const empty = join(dir, 'empty.parquet')
    writeFileSync(empty, '')
    expect(await fail(empty)).to.equal(`released LAIONet: ${empty} is empty (0 bytes). Fetch the file again or set sources.laionetReleased to the complete parquet`)
    const text = join(dir, 'text.parquet')
    writeFileSync(text, 'URL,TEXT\nhttp://a,b\n')
    expect(await fail(text)).to.match(new RegExp(`^released LAIONet: ${text}: cannot read the parquet footer \\(.+\\)\\. Is the file complete\\?`))
    const noText = write(join(dir, 'no-text.parquet'), [
      { name: 'URL', data: ['u'], type: 'STRING' },
      { name: 'name_def_wnid', data: [texts.get('n01440764')], type: 'STRING' },
    ])
    expect(await fail(noText)).to.equal(`released LAIONet: ${noText} has no column TEXT, wnid_is_in_recognized_text (columns: URL, name_def_wnid). Is it the right file? Set sources.laionetReleased to a parquet with columns URL, TEXT, name_def_wnid, wnid_is_in_recognized_text`)
    const unknown = write(join(dir, 'unknown.parquet'), [
      { name: 'URL', data: ['u', 'v'], type: 'STRING' },
      { name: 'TEXT', data: ['t', 'w'], type: 'STRING' },
      { name: 'name_def_wnid', data: [texts.get('n01440764'), 'tench'], type: 'STRING' },
      { name: 'wnid_is_in_recognized_text', data: [false, false], type: 'BOOLEAN' },
    ])
    expect(await fail(unknown)).to.equal(`released LAIONet: ${unknown}: row 1: name_def_wnid "tench" is not the synset text of any ImageNet class (expected "<name> which is <definition>", e.g. "tench which is freshwater dace-like game fish of Europe and western Asia noted for ability to survive outside water"). Set sources.laionetReleased to the authors' released LAIONet parquet`)
    const strings = write(join(dir, 'strings.parquet'), [
      { name: 'URL', data: ['u'], type: 'STRING' },
      { name: 'TEXT', data: ['t'], type: 'STRING' },
      { name: 'name_def_wnid', data: [texts.get('n01440764')], type: 'STRING' },
      { name: 'wnid_is_in_recognized_text', data: ['False'], type: 'STRING' },
    ])
    expect(await fail(strings)).to.equal(`released LAIONet: ${strings}: column wnid_is_in_recognized_text is BYTE_ARRAY, not BOOLEAN (every row would be dropped). Set sources.laionetReleased to the authors' released LAIONet parquet, or rewrite that column as booleans`)
    expect(await loadReleasedLaionet(unknown, { models: ['resnet-50'] }).then(() => null, (e: Error) => e.message))
      .to.equal(`released LAIONet: ${unknown} has no top_1_is_correct_/top_5_is_correct_ columns for resnet-50 (it has none). Ask for models the file has`)
  })
})
