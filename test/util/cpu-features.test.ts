import { expect } from 'chai'
import { cpuFeatures, describeCpu, parseCpuInfo } from '../../src/util/cpu-features.js'

describe('util/cpu-features: the CPU beside every CPU-dependent number', () => {
  it('reads the model and the SIMD flags that change kernels from /proc/cpuinfo text', () => {
    const epyc = parseCpuInfo('processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu sse2 avx avx2 fma bmi2\n\nprocessor\t: 1\nflags\t: avx512f\n', { arch: 'x64', cores: 2 })
    expect(epyc).to.deep.equal({ model: 'AMD EPYC 7B13', arch: 'x64', cores: 2, avx2: true, avx512f: false, vnni: false, flags: ['avx2', 'fma'] })
    expect(describeCpu(epyc)).to.equal('AMD EPYC 7B13 (x64, 2 cores; avx2 fma)')
    const xeon = parseCpuInfo('model name : Intel Xeon\nflags : avx2 fma avx512f avx512bw avx512_vnni\n', { arch: 'x64', cores: 8 })
    expect([xeon.avx512f, xeon.vnni, xeon.flags]).to.deep.equal([true, true, ['avx2', 'fma', 'avx512f', 'avx512bw', 'avx512_vnni']])
    expect(parseCpuInfo('model name : Alder Lake\nflags : avx2 avx_vnni\n').vnni).to.equal(true)
    expect(parseCpuInfo('').model).to.equal('unknown CPU')
  })

  it('describes this machine', () => {
    const c = cpuFeatures()
    expect(c.cores).to.be.greaterThan(0)
    expect(describeCpu()).to.include(c.model)
  })
})
