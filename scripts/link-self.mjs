// Makes `import ... from 'laionet'` resolve to this project's build from anywhere inside it,
// including tslab notebook cells, whose TypeScript 5.0 uses Node10 resolution and ignores
// package self-references: node_modules/laionet -> .. (a relative link, so clones can move).
import { lstatSync, symlinkSync, unlinkSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const link = join(root, 'node_modules', 'laionet')
mkdirSync(join(root, 'node_modules'), { recursive: true })
try {
  const stat = lstatSync(link)
  if (!stat.isSymbolicLink()) throw new Error(`link-self: ${link} exists and is not a symbolic link; remove it`)
  unlinkSync(link)
} catch (err) {
  if (err.code !== 'ENOENT') throw err
}
symlinkSync('..', link, 'dir')
