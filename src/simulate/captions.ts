import type { World } from './types.js'

// Readable stand-ins for the simulated captions: the world itself only needs (names a lemma?, homonym?,
// embedding), but a lecturer wants to read a few. Templates depend on the same variables as the embedding.

const NOUNS = ['fox', 'violin', 'teapot', 'heron', 'tractor', 'lantern', 'beetle', 'kayak', 'cactus', 'owl',
  'anvil', 'harp', 'lobster', 'canoe', 'parrot', 'bagel', 'tortoise', 'kettle', 'jaguar', 'crane',
  'mitten', 'tulip', 'walrus', 'compass', 'gondola', 'pelican', 'sandal', 'trumpet', 'iguana', 'yurt']
const ADJECTIVES = ['', 'red ', 'spotted ', 'giant ', 'pygmy ', 'arctic ', 'striped ', 'desert ', 'royal ', 'marsh ',
  'golden ', 'mountain ', 'silver ', 'common ', 'black ', 'dwarf ', 'sea ', 'forest ', 'painted ', 'crested ']
const CORE = ['a photo of a {name}', '{name} on a white background', 'the {name} in its usual setting', 'close-up of a {name}']
const ATYPICAL = ['my kid drew a {name} today', '{name} costume for the school play', 'blurry {name} in the snow at dusk',
  'vintage {name} postcard, 1920s', '{name} pattern on a tea towel', 'a {name} toy half buried in sand']
const UNNAMED = ['look what we found at the market!', 'sunday afternoon', 'IMG_4032.JPG', 'best day ever, thanks everyone',
  'new listing - ships worldwide']
const HOMONYM = ['{other} logo sticker, {name} edition', 'the {other} pub in town (no {name} inside)', '{other} brand keyring']

/**
 * Returns the readable name of a simulated class (an adjective and a noun, e.g. `spotted violin`).
 * @example className(31) // 'red violin'
 */
export function className(cls: number): string {
  const cycle = NOUNS.length * ADJECTIVES.length
  const base = `${ADJECTIVES[Math.floor(cls / NOUNS.length) % ADJECTIVES.length]}${NOUNS[cls % NOUNS.length]}`
  return cls < cycle ? base : `${base} ${Math.floor(cls / cycle) + 1}`
}

/**
 * Returns a readable caption for a candidate, templated from what generated it: the class named or not,
 * a homonym of another class, the image from the core or an atypical mode.
 * @param world the simulated world
 * @param row the candidate's row
 * @returns a caption such as `blurry heron in the snow at dusk`
 * @example exampleCaption(world, 0)
 */
export function exampleCaption(world: World, row: number): string {
  const y = world.captionClass[row]
  const matched = world.matchedClass[row]
  const pick = (list: string[]): string => list[(row * 7 + y) % list.length]
  if (matched < 0) return pick(UNNAMED)
  if (world.homonym[row] === 1) return pick(HOMONYM).replace('{other}', className(matched)).replace('{name}', className(y))
  return pick(world.mode[row] === 0 ? CORE : ATYPICAL).replace('{name}', className(y))
}

/**
 * Returns a table of example candidates for reading: caption, class, mode and the measurements selection uses.
 * @param world the simulated world
 * @param rows candidate rows
 * @returns one plain object per row
 * @example exampleCaptions(world, [0, 1, 2, 3])
 */
export function exampleCaptions(world: World, rows: ArrayLike<number>): {
  row: number, caption: string, captionClass: string, imageClass: string, mode: string, matched: string | null,
  textSimilarity: number | null, typicality: number | null, votes: number
}[] {
  return Array.from(rows, (row) => {
    const matched = world.matchedClass[row]
    const round = (v: number): number | null => (Number.isNaN(v) ? null : Math.round(v * 1000) / 1000)
    return {
      row,
      caption: exampleCaption(world, row),
      captionClass: className(world.captionClass[row]),
      imageClass: className(world.imageClass[row]),
      mode: world.mode[row] === 0 ? 'core' : `atypical ${world.mode[row]}`,
      matched: matched < 0 ? null : className(matched),
      textSimilarity: round(world.textSimilarity[row]),
      typicality: round(world.typicality[row]),
      votes: world.votes[row],
    }
  })
}
