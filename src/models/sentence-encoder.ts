import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DTYPE_SUFFIX, modelFilesKey } from './model-files-key.js'
import { resolveModelSource } from './model-source.js'
import { loadError, loadFrom, loadTransformers, pretrainedOptions, type Transformers } from './transformers.js'
import type { Embeddings, LoadModelOptions, ModelSource } from './types.js'

/** all-mpnet-base-v2's max_seq_length (its sentence_bert_config.json): longer texts are cut to 384 word pieces. */
const MPNET_MAX_SEQ_LENGTH = 384

type TensorLike = { data: ArrayLike<number | bigint>, dims: number[] }
type RunModel = ((inputs: Record<string, unknown>) => Promise<Record<string, TensorLike>>) & { dispose(): Promise<unknown> }
type Tokenizer = ((texts: string[], options: Record<string, unknown>) => Record<string, TensorLike>) & { sep_token_id?: number, model?: { tokens_to_ids?: Map<string, number> } }

/** Options of {@link loadSentenceEncoder}. */
export interface SentenceEncoderOptions extends LoadModelOptions {
  /** Texts per model call of `embedTexts` with this model. Default: 16. */
  batchSize?: number
  /** Word pieces kept per text, special tokens included. Default: the folder's sentence_bert_config.json `max_seq_length`, else 384. */
  maxSeqLength?: number
}

/**
 * A sentence-transformers text encoder (all-mpnet-base-v2 and its kind): the transformer's token states averaged over
 * the attention mask. `embedTexts` then L2-normalises them, which is the model's Normalize module: together the
 * output of `SentenceTransformer.encode`, the authors' text embedding of Appendix A.
 */
export interface SentenceEncoder {
  /** The spec it was loaded from (folder, hub id). */
  id: string
  /** Where it was resolved to. */
  source: ModelSource
  /** Identifies model files and variant in embedding-cache keys. */
  cacheKey: string
  /** Word pieces kept per text. */
  maxSeqLength: number
  /** Default texts per model call of `embedTexts`. */
  batchSize: { text: number }
  /** Token ids per text, as the reference tokenizer gives them (with <s> and </s>, cut at `maxSeqLength`). */
  tokenize(texts: string[]): Promise<number[][]>
  /** Mean-pooled token embeddings (not normalised), one row per text. */
  embedTextBatch(texts: string[]): Promise<Embeddings>
  /** Releases the onnxruntime session. */
  dispose(): Promise<void>
}

/**
 * Loads a sentence-transformers text encoder from a folder (config.json, tokenizer.json, onnx/model.onnx with
 * input_ids and attention_mask -> last_hidden_state: the layout of Xenova/all-mpnet-base-v2) or a hub id.
 * @param spec folder or hub id.
 * @param options dtype, threads, batch size, maximum sequence length, offline, model cache.
 * @returns the encoder; the model loads on first use.
 * @example const mpnet = await loadSentenceEncoder('Xenova/all-mpnet-base-v2'); const e = await embedTexts(mpnet, ['a cat'])
 */
export async function loadSentenceEncoder(spec: string, options: SentenceEncoderOptions = {}): Promise<SentenceEncoder> {
  const { dtype = 'fp32', threads, batchSize = 16 } = options
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new Error(`sentence-encoder: batchSize must be a positive integer, got ${batchSize}`)
  if (DTYPE_SUFFIX[dtype] === undefined) throw new Error(`sentence-encoder: unknown dtype "${dtype}" (expected ${Object.keys(DTYPE_SUFFIX).join(', ')})`)
  const source = resolveModelSource(spec, options)
  if (source.kind === 'onnx') throw new Error(`sentence-encoder: ${source.path} is a single .onnx file; a sentence encoder needs a model folder (config.json, tokenizer.json, onnx/model.onnx) or a hub id`)
  const maxSeqLength = options.maxSeqLength ?? configuredLength(source.path) ?? MPNET_MAX_SEQ_LENGTH
  if (!(Number.isInteger(maxSeqLength) && maxSeqLength >= 2)) throw new Error(`sentence-encoder: maxSeqLength must be an integer >= 2, got ${maxSeqLength}`)
  const file = `onnx/model${DTYPE_SUFFIX[dtype]}.onnx`
  let t: Transformers | undefined
  let tok: Promise<Tokenizer> | undefined
  let model: Promise<RunModel> | undefined
  const load = <P>(files: string, f: (T: Transformers) => Promise<unknown>) => (async () => {
    const T = (t ??= await loadTransformers())
    try {
      return await loadFrom(T, source, () => f(T)) as P
    } catch (err) { throw loadError('sentence-encoder', source, files, err) }
  })()
  const tokenizer = () => (tok ??= load<Tokenizer>('the tokenizer (tokenizer.json, tokenizer_config.json)', (T) => T.AutoTokenizer.from_pretrained(source.name)).catch((err) => { tok = undefined; throw err }))
  const network = () => (model ??= load<RunModel>(`the model (${file})`, (T) => T.AutoModel.from_pretrained(source.name, pretrainedOptions(dtype, threads))).catch((err) => { model = undefined; throw err }))
  const encode = async (texts: string[]) => {
    const tok = await tokenizer()
    const enc = tok(texts, { padding: true, truncation: true, max_length: maxSeqLength })
    keepEnd(enc, maxSeqLength, tok)
    return enc
  }
  let loaded: RunModel | undefined
  return {
    id: spec,
    source,
    cacheKey: `${modelFilesKey(source, dtype, ['config.json', 'tokenizer.json', file])}|mean|max=${maxSeqLength}`,
    maxSeqLength,
    batchSize: { text: batchSize },
    async tokenize(texts) {
      const enc = await encode(texts)
      const ids = enc.input_ids, mask = enc.attention_mask
      const [n, len] = ids.dims
      return Array.from({ length: n }, (_, i) => {
        const row: number[] = []
        for (let j = 0; j < len; j++) if (Number(mask.data[i * len + j]) === 1) row.push(Number(ids.data[i * len + j]))
        return row
      })
    },
    async embedTextBatch(texts) {
      const enc = await encode(texts)
      loaded = await network()
      const out = await loaded({ input_ids: enc.input_ids, attention_mask: enc.attention_mask })
      if (!out.last_hidden_state) throw new Error(`sentence-encoder: ${join(source.path, file)} has no output last_hidden_state (outputs: ${Object.keys(out).join(', ')}); export the transformer with its token states`)
      return meanPool(out.last_hidden_state, enc.attention_mask)
    },
    async dispose() {
      await loaded?.dispose()
    },
  }
}

/**
 * transformers.js truncates by keeping the first `max` ids, so a cut text loses its closing </s>; the reference
 * truncates the content and then closes it. A row that fills all `max` positions without ending in </s> was cut: its
 * last id becomes </s>, which is exactly the reference's ids.
 */
function keepEnd(enc: Record<string, TensorLike>, max: number, tok: Tokenizer): void {
  const ids = enc.input_ids, mask = enc.attention_mask
  const [n, len] = ids.dims
  if (len < max) return
  const sep = tok.sep_token_id ?? tok.model?.tokens_to_ids?.get('</s>')
  if (sep === undefined) throw new Error('sentence-encoder: the tokenizer has no separator token (sep_token in tokenizer_config.json)')
  const bigint = typeof ids.data[0] === 'bigint'
  for (let i = 0; i < n; i++) {
    const last = i * len + len - 1
    if (Number(mask.data[last]) === 1 && Number(ids.data[last]) !== sep) (ids.data as { [i: number]: number | bigint })[last] = bigint ? BigInt(sep) : sep
  }
}

/** The folder's sentence_bert_config.json `max_seq_length`, when it has one. */
function configuredLength(folder: string): number | undefined {
  const file = join(folder, 'sentence_bert_config.json')
  if (!existsSync(file)) return undefined
  let value: unknown
  try {
    value = (JSON.parse(readFileSync(file, 'utf8')) as { max_seq_length?: unknown }).max_seq_length
  } catch (err) {
    throw new Error(`sentence-encoder: ${file} is not valid JSON; fix or delete it`, { cause: err })
  }
  return typeof value === 'number' ? value : undefined
}

/**
 * Averages token states [n, len, dim] over the tokens the mask marks (sentence-transformers' Pooling with
 * pooling_mode "mean": sum(states * mask) / max(sum(mask), 1e-9)), accumulated in double precision.
 * @example meanPool({ data: [1, 2, 3, 4], dims: [1, 2, 2] }, { data: [1, 0], dims: [1, 2] }) // [[1, 2]]
 */
function meanPool(states: TensorLike, mask: TensorLike): Embeddings {
  const [n, len, dim] = states.dims
  if (mask.dims[0] !== n || mask.dims[1] !== len) throw new Error(`sentence-encoder: attention mask [${mask.dims.join(', ')}] does not match token states [${states.dims.join(', ')}]`)
  const data = new Float32Array(n * dim)
  const sum = new Float64Array(dim)
  for (let i = 0; i < n; i++) {
    sum.fill(0)
    let count = 0
    for (let j = 0; j < len; j++) {
      const m = Number(mask.data[i * len + j])
      if (m === 0) continue
      count += m
      const at = (i * len + j) * dim
      for (let d = 0; d < dim; d++) sum[d] += m * Number(states.data[at + d])
    }
    const div = Math.max(count, 1e-9)
    for (let d = 0; d < dim; d++) data[i * dim + d] = sum[d] / div
  }
  return { data, rows: n, dim }
}
