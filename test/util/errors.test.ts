import { expect } from 'chai'
import { ERROR_CODES, LaionetError, errorCode, isLaionetError } from '../../src/util/errors.js'

describe('util/errors', () => {
  it('prefixes the module once and appends the fix as the last sentence', () => {
    const err = new LaionetError('simulate', 'samples must be a positive integer, got -3.', { code: 'invalid-input', value: -3, fix: 'Pass samples >= 1' })
    expect(err.message).to.equal('simulate: samples must be a positive integer, got -3. Pass samples >= 1')
    expect(err).to.include({ module: 'simulate', code: 'invalid-input', value: -3, fix: 'Pass samples >= 1', name: 'LaionetError' })
    expect(new LaionetError('data', 'data: no entry "x"').message).to.equal('data: no entry "x"')
  })

  it('defaults the code to failed and keeps the cause', () => {
    const cause = new Error('low level')
    const err = new LaionetError('io', 'cannot read f.npy', { cause })
    expect(err.code).to.equal('failed')
    expect(err.cause).to.equal(cause)
    expect(err).to.not.have.property('value')
  })

  it('classifies by brand and code, not by instanceof, name or message', () => {
    const usage = new LaionetError('build', 'unknown flag --x', { code: 'usage' })
    expect(isLaionetError(usage)).to.equal(true)
    expect(isLaionetError(usage, 'usage')).to.equal(true)
    expect(isLaionetError(usage, 'not-found')).to.equal(false)
    const lookalike = Object.assign(new Error('build: unknown flag --x'), { name: 'LaionetError', code: 'usage' })
    expect(isLaionetError(lookalike)).to.equal(false)
    expect([null, undefined, 'usage', 42].map((v) => isLaionetError(v))).to.deep.equal([false, false, false, false])
    expect(errorCode(usage)).to.equal('usage')
    expect(errorCode(lookalike)).to.equal('failed')
    expect(errorCode('a string')).to.equal('failed')
  })

  it('leaves the prefix to the caller when the module is empty (the CLI prefixes usage errors itself)', async () => {
    expect(new LaionetError('', "Unknown option '--bogus'", { code: 'usage' }).message).to.equal("Unknown option '--bogus'")
    const { UsageError } = await import('../../src/cli/args.js')
    const flag = new UsageError('--top-k: expected an integer >= 1, got "0"')
    expect(flag).to.include({ module: '--top-k', code: 'usage', name: 'UsageError', message: '--top-k: expected an integer >= 1, got "0"' })
    expect(isLaionetError(new UsageError("Unknown option '--bogus'"), 'usage')).to.equal(true)
  })

  it('subclasses keep the family', () => {
    class NoConnection extends LaionetError {
      constructor(message: string) { super('data', message, { code: 'no-connection' }) }
    }
    const err = new NoConnection('example.org did not answer')
    expect(isLaionetError(err, 'no-connection')).to.equal(true)
    expect(err.message).to.equal('data: example.org did not answer')
    expect(ERROR_CODES).to.include.members(['usage', 'invalid-input', 'not-found', 'no-connection', 'blocked-address', 'mismatch', 'missing-dependency', 'failed'])
  })
})
