// The two checks ESLint's per-file rules cannot make, over the import graph of src/, test/, bench/ and scripts/:
//  1. no unused exports: every value a src/ file exports is imported by another file (src/index.ts, the public
//     surface, counts as a user; so do tests, benchmarks and scripts). Types are exempt: an exported option or
//     result interface documents an exported signature even when no other file names it;
//  2. no upward import: a src/ folder imports only folders of a lower layer (LAYERS below), or itself.
// Usage: node scripts/lint-graph.mjs [--json]. Exit code 1 and one line per finding when something is wrong.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * The layers of src/, lowest first. A folder may import its own layer's files only within the folder, and any
 * folder of a lower layer. Root files (src/tier.ts) are the ground floor with util/.
 */
export const LAYERS = [
  ['util', '(root)'],
  ['io'],
  ['data'],
  ['wordnet', 'paper'],
  ['imagenet'],
  ['models', 'metrics'],
  ['laionet', 'simulate'],
  ['datasets', 'download', 'config'],
  ['claims'],
  ['plots', 'report'],
  ['experiments'],
  ['cli'],
]

function walk(dir, out = []) {
  let names
  try { names = readdirSync(dir) } catch { return out }
  for (const name of names) {
    if (name === 'node_modules' || name === 'output' || name.startsWith('.')) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p, out)
    else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

/** Resolves an import specifier of `from` to a project file, or null for a package. */
function resolveSpecifier(root, from, spec) {
  if (spec === 'laionet') return join(root, 'src', 'index.ts')
  if (!spec.startsWith('.')) return null
  const base = resolve(dirname(from), spec)
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), base, `${base}.ts`, join(base, 'index.ts')]) {
    try { if (statSync(candidate).isFile()) return candidate } catch { /* next */ }
  }
  return null
}

/** Parses one file: what it exports (names, src files only) and which (file, name) pairs it uses. */
function scan(root, file) {
  const text = readFileSync(file, 'utf8')
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') || file.endsWith('.mts') ? ts.ScriptKind.TS : ts.ScriptKind.JS)
  const exports = new Map() // name -> line
  const uses = [] // { target, name } ('*' = every name)
  const imports = [] // { target, line } for the layer check
  const lineOf = (node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1
  const isExported = (node) => ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export
  const use = (spec, name, node) => {
    const target = resolveSpecifier(root, file, spec)
    if (!target) return
    uses.push({ target, name })
    imports.push({ target, line: lineOf(node) })
  }
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text
      const clause = node.importClause
      if (!clause) use(spec, '*', node)
      else {
        if (clause.name) use(spec, 'default', node)
        const b = clause.namedBindings
        if (b && ts.isNamespaceImport(b)) use(spec, '*', node)
        else if (b) for (const el of b.elements) use(spec, (el.propertyName ?? el.name).text, node)
        if (!clause.name && !b) use(spec, '*', node)
      }
    } else if (ts.isExportDeclaration(node)) {
      const spec = node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : null
      if (!node.exportClause) { if (spec) use(spec, '*', node) } else if (ts.isNamedExports(node.exportClause)) {
        for (const el of node.exportClause.elements) {
          if (!node.isTypeOnly && !el.isTypeOnly) exports.set(el.name.text, lineOf(el))
          if (spec) use(spec, (el.propertyName ?? el.name).text, node)
        }
      }
    } else if (ts.isExportAssignment(node)) {
      exports.set('default', lineOf(node))
    } else if (isExported(node) && (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node))) {
      const isDefault = ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Default
      exports.set(isDefault ? 'default' : node.name?.text ?? 'default', lineOf(node))
    } else if (isExported(node) && ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) exports.set(d.name.text, lineOf(d))
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      use(node.arguments[0].text, '*', node) // a dynamic import may use any name
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      use(node.argument.literal.text, node.qualifier && ts.isIdentifier(node.qualifier) ? node.qualifier.text : '*', node)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return { exports, uses, imports }
}

/** The src folder of a file ('(root)' for src/*.ts), or null outside src/. */
function folderOf(root, file) {
  const rel = relative(join(root, 'src'), file)
  if (rel.startsWith('..')) return null
  const parts = rel.split(sep)
  return parts.length === 1 ? '(root)' : parts[0]
}

function layerOf(folder) {
  const i = LAYERS.findIndex((l) => l.includes(folder))
  return i === -1 ? null : i
}

/** Runs both checks over the project at `root` and returns the findings, one string each (file:line: message). */
export function lintGraph(root = projectRoot) {
  const files = ['src', 'test', 'bench', 'scripts'].flatMap((d) => walk(join(root, d)))
  const scans = new Map(files.map((f) => [f, scan(root, f)]))
  const used = new Map() // target -> Set of names ('*' = all)
  for (const [file, s] of scans) {
    for (const u of s.uses) {
      if (u.target === file) continue
      if (!used.has(u.target)) used.set(u.target, new Set())
      used.get(u.target).add(u.name)
    }
  }
  const findings = []
  const index = join(root, 'src', 'index.ts')
  for (const [file, s] of scans) {
    const folder = folderOf(root, file)
    if (folder === null) continue
    const rel = relative(root, file)
    if (file !== index) {
      const names = used.get(file) ?? new Set()
      for (const [name, line] of s.exports) {
        if (!names.has('*') && !names.has(name)) findings.push(`${rel}:${line}: unused export "${name}" (no other file imports it: drop the export, or use it)`)
      }
    }
    const own = layerOf(folder)
    if (own === null) {
      findings.push(`${rel}:1: src/${folder}/ is not in a layer; add it to LAYERS in scripts/lint-graph.mjs`)
      continue
    }
    for (const imp of s.imports) {
      const other = folderOf(root, imp.target)
      if (other === null || other === folder || file === index) continue
      const theirs = layerOf(other)
      if (theirs !== null && theirs >= own) {
        findings.push(`${rel}:${imp.line}: src/${folder}/ (layer ${own}) imports ${relative(root, imp.target)} (src/${other}/, layer ${theirs}): an import must point to a lower layer`)
      }
    }
  }
  return [...new Set(findings)].sort()
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const findings = lintGraph()
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(findings, null, 1) + '\n')
  else for (const f of findings) process.stdout.write(`${f}\n`)
  if (findings.length > 0) {
    process.stderr.write(`lint-graph: ${findings.length} finding(s)\n`)
    process.exitCode = 1
  }
}
