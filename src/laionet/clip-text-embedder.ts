import { embedTexts } from '../models/embed-texts.js'
import type { EmbedOptions, TextModel } from '../models/types.js'
import { row } from '../util/vectors.js'
import type { TextEmbedder } from './text-filter.js'

/**
 * Wraps a CLIP model as the text filter's embedder: L2-normalised text embeddings, cached by content in
 * the embedding cache (so a rerun of a build or a notebook embeds nothing twice).
 * @param clip a model from `loadClip`, or a sentence encoder from `loadSentenceEncoder` (the MPNet build)
 * @param options embedding options (batch size, cache folder)
 * @returns the embedder
 * @example const embed = clipTextEmbedder(await loadClip('Xenova/clip-vit-base-patch32'))
 */
export function clipTextEmbedder(clip: TextModel, options: Omit<EmbedOptions, 'normalize'> = {}): TextEmbedder {
  return async (texts) => {
    const m = await embedTexts(clip, texts, { ...options, normalize: true })
    return Array.from({ length: m.rows }, (_, r) => row(m, r))
  }
}
