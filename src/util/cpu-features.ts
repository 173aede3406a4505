import { readFileSync } from 'node:fs'
import { arch, cpus } from 'node:os'

/** The CPU a number was measured on: what decides int8 and float kernels' paths (and so speed, and for int8 models
 * without VNNI, accuracy). Recorded beside every benchmark result and every CPU-dependent accuracy. */
export interface CpuFeatures {
  /** e.g. 'AMD EPYC 7B13' (from /proc/cpuinfo or os.cpus()). */
  model: string
  /** process.arch, e.g. 'x64'. */
  arch: string
  /** Logical cores the OS reports. */
  cores: number
  /** The SIMD features that change which kernels onnxruntime and numpy run. */
  avx2: boolean
  avx512f: boolean
  /** AVX-512 VNNI or AVX-VNNI: int8 dot products without the u8 x s8 saturation of plain AVX2 (vpmaddubsw). */
  vnni: boolean
  /** The flags above that are present, in a fixed order, e.g. ['avx2', 'avx512f', 'avx512_vnni']. */
  flags: string[]
}

const WATCHED = ['avx2', 'fma', 'avx512f', 'avx512bw', 'avx512_vnni', 'avx_vnni', 'amx_int8'] as const

/**
 * Parses the text of /proc/cpuinfo (the first processor's `model name` and `flags`).
 * @example parseCpuInfo('model name\t: X\nflags\t\t: sse avx2\n').avx2 // true
 */
export function parseCpuInfo(text: string, o: { arch?: string, cores?: number } = {}): CpuFeatures {
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim() ?? ''
  const present = new Set(field('flags').split(/\s+/).filter(Boolean))
  const flags = WATCHED.filter((f) => present.has(f))
  return {
    model: field('model name') || 'unknown CPU',
    arch: o.arch ?? arch(),
    cores: o.cores ?? (cpus().length || 1),
    avx2: present.has('avx2'),
    avx512f: present.has('avx512f'),
    vnni: present.has('avx512_vnni') || present.has('avx_vnni'),
    flags,
  }
}

let cached: CpuFeatures | null = null

/**
 * This machine's CPU model and SIMD flags (Linux: /proc/cpuinfo; elsewhere the model from os.cpus() and no flags).
 * @example cpuFeatures().flags // ['avx2', 'fma'] on an AVX2-only EPYC
 */
export function cpuFeatures(): CpuFeatures {
  if (cached) return cached
  let text: string
  try { text = readFileSync('/proc/cpuinfo', 'utf8') } catch { text = `model name : ${cpus()[0]?.model ?? 'unknown CPU'}\n` }
  cached = parseCpuInfo(text)
  return cached
}

/** One line for a console or a results file, e.g. `AMD EPYC 7B13 (x64, 2 cores; avx2 fma)`. */
export function describeCpu(c: CpuFeatures = cpuFeatures()): string {
  return `${c.model} (${c.arch}, ${c.cores} cores; ${c.flags.join(' ') || 'no AVX2'})`
}
