import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadImageNetCaptions } from '../../src/index.js'
import { imageNetCaption } from '../../src/datasets/imagenet-captions.js'

describe('ImageNet-Captions', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'laionet-ic-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const entries = [
    { filename: 'n02125311_9.JPEG', title: 'Cougar', tags: ['cat', 'wild'], description: 'seen at dusk', wnid: 'n02125311' },
    { filename: 'n01440764_10026.JPEG', title: 'My tench', tags: [], description: '', wnid: 'n01440764' },
    { filename: 'n02125311_9.JPEG', title: 'duplicate', tags: [], description: 'second entry of the same file', wnid: 'n02125311' },
    { filename: 'n01440764_2.JPEG', title: 'Fish', tags: ['lake'], description: 'caught today', wnid: 'n01440764' },
  ]

  it('builds the authors\' caption, keeps the first entry of a file name and sorts by file name', async () => {
    // ' '.join([title] + tags + [description]), by hand:
    expect(imageNetCaption({ title: 'Cougar', tags: ['cat', 'wild'], description: 'seen at dusk' })).to.equal('Cougar cat wild seen at dusk')
    expect(imageNetCaption({ title: 'My tench', tags: [], description: '' })).to.equal('My tench ')
    const file = join(dir, 'imagenet_captions.json')
    writeFileSync(file, JSON.stringify(entries))
    const expected = [
      { filename: 'n01440764_10026.JPEG', wnid: 'n01440764', text: 'My tench ' },
      { filename: 'n01440764_2.JPEG', wnid: 'n01440764', text: 'Fish lake caught today' },
      { filename: 'n02125311_9.JPEG', wnid: 'n02125311', text: 'Cougar cat wild seen at dusk' },
    ]
    expect(await loadImageNetCaptions(file)).to.deep.equal(expected)
    const lines = join(dir, 'imagenet_captions.jsonl')
    writeFileSync(lines, entries.map((e) => JSON.stringify(e)).join('\n') + '\n\n')
    expect(await loadImageNetCaptions(lines)).to.deep.equal(expected)
    expect(await loadImageNetCaptions(file, { limit: 1 })).to.deep.equal([expected[2]])
  })

  it('names the file, entry and key for a missing, empty, non-JSON or non-list file and a bad entry', async () => {
    const fail = (file: string, options = {}) => loadImageNetCaptions(file, options).then(() => null, (e: Error) => e.message)
    const fix = 'Set sources.imagenetCaptions to imagenet_captions.json of github.com/mlfoundations/imagenet-captions (a list of {filename, title, tags, description, wnid})'
    const missing = join(dir, 'missing.json')
    expect(await fail(missing)).to.equal(`imagenet captions: ${missing} does not exist (ENOENT). Set sources.imagenetCaptions to imagenet_captions.json (unzip imagenet_captions.zip of github.com/mlfoundations/imagenet-captions)`)
    const empty = join(dir, 'empty.json')
    writeFileSync(empty, '')
    expect(await fail(empty)).to.equal(`imagenet captions: ${empty} is empty (0 bytes). Fetch imagenet_captions.json again and set sources.imagenetCaptions to it`)
    const notJson = join(dir, 'not.json')
    writeFileSync(notJson, '[{"filename": ')
    expect(await fail(notJson)).to.match(new RegExp(`^imagenet captions: ${notJson} is not JSON \\(.+\\)\\. Fetch imagenet_captions.json again and set sources.imagenetCaptions to it$`))
    const object = join(dir, 'object.json')
    writeFileSync(object, JSON.stringify({ images: entries }))
    expect(await fail(object)).to.equal(`imagenet captions: ${object} is an object with keys images, not a list of captions. Set sources.imagenetCaptions to imagenet_captions.json (a list of {filename, title, tags, description, wnid}), or a .jsonl with one entry per line`)
    const noTitle = join(dir, 'no-title.json')
    writeFileSync(noTitle, JSON.stringify([entries[0], { ...entries[1], title: undefined }]))
    expect(await fail(noTitle)).to.equal(`imagenet captions: ${noTitle}: entry 1: title is missing (expected a string). ${fix}`)
    const badTags = join(dir, 'bad-tags.jsonl')
    writeFileSync(badTags, `${JSON.stringify(entries[0])}\n${JSON.stringify({ ...entries[1], tags: 'fish' })}\n`)
    expect(await fail(badTags)).to.equal(`imagenet captions: ${badTags}: line 2: tags is "fish" (expected a list of strings). ${fix}`)
    const badLine = join(dir, 'bad-line.jsonl')
    writeFileSync(badLine, `${JSON.stringify(entries[0])}\n{oops\n`)
    expect(await fail(badLine)).to.match(new RegExp(`^imagenet captions: ${badLine}: line 2 is not JSON \\(.+\\)\\. Repair the line or fetch the file again$`))
    const badWnid = join(dir, 'bad-wnid.json')
    writeFileSync(badWnid, JSON.stringify([{ ...entries[0], wnid: 'cougar' }]))
    expect(await fail(badWnid)).to.equal(`imagenet captions: ${badWnid}: entry 0: wnid "cougar" is not a WordNet id (expected n + 8 digits). ${fix}`)
    const good = join(dir, 'good.json')
    writeFileSync(good, JSON.stringify(entries))
    expect(await fail(good, { wnids: ['n01440764'] })).to.equal(`imagenet captions: ${good}: entry 0: wnid n02125311 is not one of the classes asked for. ${fix}`)
    const none = join(dir, 'none.json')
    writeFileSync(none, '[]')
    expect(await fail(none)).to.equal(`imagenet captions: ${none} holds no captions. Set sources.imagenetCaptions to a file with entries`)
  })
})
