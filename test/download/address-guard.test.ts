import { expect } from 'chai'
import { ipv6Groups } from '../../src/download/address-guard.js'
import { refusedAddress, resolveSafely, BlockedAddressError } from '../../src/download/address-guard.js'

// Every address here is only classified, never connected to.
describe('download/address guard', () => {
  const cases: Array<[string, string | null]> = [
    ['8.8.8.8', null],
    ['93.184.216.34', null],
    ['1.1.1.1', null],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.15.255.255', null],
    ['172.32.0.0', null],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['100.128.0.0', null],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['203.0.113.5', 'reserved'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', null],
    ['64:ff9b::192.168.0.1', 'private'],
    ['64:ff9b::8.8.8.8', null],
    // IPv4-translated ::ffff:0:0/96 and local-use NAT64 64:ff9b:1::/48 (issue 23).
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['::ffff:0:a9fe:a9fe', 'metadata'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['::ffff:0:8.8.8.8', null],
    ['64:ff9b:1::8.8.8.8', 'private'],
    ['64:ff9b:1:ffff::1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['2002:0808:0808::1', null],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2606:4700:4700::1111', null],
    ['2001:4860:4860::8888', null],
  ]
  for (const [ip, expected] of cases) {
    it(`${ip} -> ${expected ?? 'allowed'}`, () => {
      expect(refusedAddress(ip)).to.equal(expected)
    })
  }

  it('allows loopback (IPv4, IPv6 and mapped) only with allowLoopback, and nothing else with it', () => {
    for (const ip of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(refusedAddress(ip, { allowLoopback: true })).to.equal(null)
    for (const ip of ['10.0.0.1', '169.254.169.254', '192.168.0.1', 'fe80::1', '0.0.0.0']) expect(refusedAddress(ip, { allowLoopback: true })).to.not.equal(null)
  })

  it('expands IPv6 forms to 8 groups', () => {
    expect(ipv6Groups('::1')).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 1])
    expect(ipv6Groups('fe80::1:2')).to.deep.equal([0xfe80, 0, 0, 0, 0, 0, 1, 2])
    expect(ipv6Groups('::ffff:1.2.3.4')).to.deep.equal([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304])
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('rejects a non-literal', () => {
    expect(() => refusedAddress('example.org')).to.throw('address guard: "example.org" is not an IP address literal')
  })

  describe('resolveSafely with an injected resolver (no DNS, no connection)', () => {
    const table: Record<string, string[]> = {
      'public.test': ['93.184.216.34', '2606:2800:220:1::1'],
      'mixed.test': ['93.184.216.34', '10.0.0.7'],
      'metadata.test': ['169.254.169.254'],
      'local.test': ['127.0.0.1'],
      'empty.test': [],
    }
    const queried: string[] = []
    const resolver = async (host: string) => {
      queried.push(host)
      return table[host] ?? []
    }

    it('returns every address of a public host', async () => {
      expect(await resolveSafely('public.test', { resolver })).to.deep.equal(['93.184.216.34', '2606:2800:220:1::1'])
    })

    it('refuses a host when any one address is refused (the socket could pick it)', async () => {
      const err = await resolveSafely('mixed.test', { resolver }).then(() => null, (e: Error) => e)
      expect(err).to.be.instanceOf(BlockedAddressError)
      expect(err!.message).to.equal('address guard: mixed.test resolves to 10.0.0.7 (private); refused. Only public addresses are fetched')
    })

    it('refuses metadata and loopback names, the latter allowed on request', async () => {
      const meta = await resolveSafely('metadata.test', { resolver }).then(() => null, (e: BlockedAddressError) => e)
      expect(meta?.reason).to.equal('metadata')
      const local = await resolveSafely('local.test', { resolver }).then(() => null, (e: Error) => e)
      expect(local?.message).to.equal('address guard: local.test resolves to 127.0.0.1 (loopback); refused. Only public addresses are fetched (allowLoopback permits 127.0.0.1 for tests and local mirrors)')
      expect(await resolveSafely('local.test', { resolver, allowLoopback: true })).to.deep.equal(['127.0.0.1'])
    })

    it('checks literals without calling the resolver', async () => {
      queried.length = 0
      expect(await resolveSafely('8.8.4.4', { resolver })).to.deep.equal(['8.8.4.4'])
      const err = await resolveSafely('[fd00::1]', { resolver }).then(() => null, (e: Error) => e)
      expect(err?.message).to.match(/^address guard: \[fd00::1\] resolves to fd00::1 \(private\)/)
      expect(queried).to.deep.equal([])
    })

    it('fails on a host without addresses', async () => {
      const err = await resolveSafely('empty.test', { resolver }).then(() => null, (e: Error) => e)
      expect(err?.message).to.equal('address guard: empty.test has no address')
    })
  })
})
