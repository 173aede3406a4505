const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Returns `text` safe to place in HTML text or a quoted attribute: & < > " ' become entities.
 * Captions, URLs and file names are untrusted; everything that reaches HTML goes through here.
 * @example escapeHtml('<b>cat</b>') // '&lt;b&gt;cat&lt;/b&gt;'
 */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c])
}
