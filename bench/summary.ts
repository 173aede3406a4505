// The ratios of `npm run bench` in one place: what each product command gives against its peer in the same run, read
// back from bench/results/<cpu>/*.json, each line with the CPU it was measured on (bench/run.ts prints them last).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

// Results files are read as the benchmarks wrote them.
type Json = Record<string, any>

function read(dir: string, area: string): Json | null {
  const file = join(dir, `${area}.json`)
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Json : null
}

/** One line per ratio found in the results folder `dir` (areas not run are left out). */
export function summaryLines(dir: string): string[] {
  const lines: string[] = []
  const match = read(dir, 'match')
  for (const mode of ['paper', 'extended']) {
    for (const [cores, r] of Object.entries((match?.endToEnd?.[mode] ?? {}) as Json)) {
      lines.push(`match ${mode} rule, ${cores}, ${match?.endToEnd.rows} captions: ${r.ratioCpu}x per CPU-second, ${r.ratio}x wall vs pyarrow + pyahocorasick (goal >= 3); ours ${r.ours.cpuSeconds} CPU-s / ${r.ours.seconds} s, ${r.ours.captionsPerCpuSecond} captions and ${r.ours.captionMBPerCpuSecond} MB per CPU-second; same counts: ${r.sameMatches} [${match?.cpu}, load ${match?.loadAverageAtWrite?.join(' ')}]`)
    }
  }
  const metrics = read(dir, 'metrics')
  for (const [name, r] of Object.entries((metrics?.endToEnd ?? {}) as Json)) {
    if (typeof r !== 'object') continue
    const median = r.oursOverNumpyMedian === undefined ? '' : `, ${r.oursOverNumpyMedian} median wall`
    lines.push(`intra-class ${name}: ours / numpy float64 = ${r.oursOverNumpyCpu} CPU, ${r.oursOverNumpy} wall${median} (${r.goal}); ours ${r.ours.cpuSeconds} CPU-s / ${r.ours.seconds} s, numpy ${r.numpy.cpuSeconds} CPU-s / ${r.numpy.seconds} s [${metrics?.cpu}, load ${r.loadAverage?.join(' ')}]`)
  }
  const reproduce = read(dir, 'reproduce')
  if (reproduce?.warm) lines.push(`npm run reproduce, warm cache: ${reproduce.warm.seconds} s wall (goal <= ${reproduce.goalSeconds} s), ${reproduce.warm.cpuSeconds} CPU-s [${reproduce.cpu}, load ${reproduce.loadAverageAtWrite?.join(' ')}]`)
  return lines
}
