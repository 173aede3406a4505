import { isIP } from 'node:net'
import { lookup } from 'node:dns/promises'
import { LaionetError } from '../util/errors.js'
import type { Resolver } from './types.js'

/** Why an address is refused. */
export type AddressClass = 'loopback' | 'private' | 'link-local' | 'metadata' | 'multicast' | 'reserved' | 'unspecified'

/** Options of the address rules. */
export interface AddressRuleOptions {
  /** Accept 127.0.0.0/8 and ::1 (tests and local mirrors only). Default: false. */
  allowLoopback?: boolean
}

// Cloud instance-metadata endpoints that sit outside the ranges below or deserve their own name.
const METADATA_V4 = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192'])

// [network, prefix length, class]; checked in order, first match wins.
const V4_RULES: Array<[string, number, AddressClass]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT, reachable only inside a provider
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
]

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0)
}

function classifyV4(ip: string): AddressClass | null {
  if (METADATA_V4.has(ip)) return 'metadata'
  const n = v4ToInt(ip)
  for (const [net, bits, cls] of V4_RULES) {
    const size = 2 ** (32 - bits)
    const base = v4ToInt(net)
    if (n >= base && n < base + size) return cls
  }
  return null
}

/** Expands an IPv6 address (zone id stripped, embedded dotted quad allowed) to its 8 16-bit groups. */
export function ipv6Groups(ip: string): number[] {
  let text = ip.replace(/%.*$/, '')
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const n = v4ToInt(dotted[1])
    text = text.slice(0, -dotted[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined]
  const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : [])
  const left = parse(head)
  if (tail === undefined) return left
  const right = parse(tail)
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right]
}

function embeddedV4(hi: number, lo: number): string {
  return [hi >>> 8, hi & 0xff, lo >>> 8, lo & 0xff].join('.')
}

function classifyV6(ip: string): AddressClass | null {
  const g = ipv6Groups(ip)
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0)
  if (zeros(0, 8)) return 'unspecified'
  if (zeros(0, 7) && g[7] === 1) return 'loopback'
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return classifyV4(embeddedV4(g[6], g[7]))
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return classifyV4(embeddedV4(g[6], g[7]))
  // IPv4-translated ::ffff:0:a.b.c.d (::ffff:0:0/96, SIIT) carries one too.
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return classifyV4(embeddedV4(g[6], g[7]))
  // Local-use NAT64 64:ff9b:1::/48 (RFC 8215) translates into an operator's own network, whatever IPv4 it embeds.
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private'
  if (g[0] === 0x2002) return classifyV4(embeddedV4(g[1], g[2])) // 6to4 embeds the IPv4 in bits 16..48
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && zeros(2, 7) && g[7] === 0x254) return 'metadata' // AWS IMDS over IPv6
  if ((g[0] & 0xfe00) === 0xfc00) return 'private' // unique local fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xffc0) === 0xfec0) return 'link-local' // and deprecated site-local
  if ((g[0] & 0xff00) === 0xff00) return 'multicast'
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved' // documentation
  if (g[0] === 0x0100 && zeros(1, 4)) return 'reserved' // discard-only 100::/64
  return null
}

/**
 * Classifies an IP address literal that a download must not connect to.
 * @param ip an IPv4 or IPv6 literal (brackets and zone ids allowed)
 * @returns the reason it is refused, or null when it is a public unicast address (or loopback with `allowLoopback`)
 * @example refusedAddress('169.254.169.254') // 'metadata'
 */
export function refusedAddress(ip: string, { allowLoopback = false }: AddressRuleOptions = {}): AddressClass | null {
  const bare = ip.replace(/^\[|\]$/g, '')
  const version = isIP(bare.replace(/%.*$/, ''))
  if (version === 0) throw new Error(`address guard: "${ip}" is not an IP address literal`)
  const cls = version === 4 ? classifyV4(bare) : classifyV6(bare)
  if (cls === 'loopback' && allowLoopback) return null
  return cls
}

/** The default resolver: every address node:dns returns for the host (IPv4 and IPv6). */
export const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address)

/** Thrown when a host resolves to a refused address; `status` is always 'blocked'. */
export class BlockedAddressError extends LaionetError {
  override name = 'BlockedAddressError'
  constructor(readonly host: string, readonly address: string, readonly reason: AddressClass) {
    super('address guard', `${host} resolves to ${address} (${reason}); refused. Only public addresses are fetched${reason === 'loopback' ? ' (allowLoopback permits 127.0.0.1 for tests and local mirrors)' : ''}`, { code: 'blocked-address', value: address })
  }
}

/**
 * Resolves `hostname` (or takes it as a literal) and checks every address; refuses the host if any address is refused,
 * since the connection could pick any of them.
 * @returns the addresses to connect to
 * @example await resolveSafely('example.org', { resolver })
 */
export async function resolveSafely(hostname: string, { allowLoopback = false, resolver = systemResolver }: AddressRuleOptions & { resolver?: Resolver } = {}): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, '')
  const addresses = isIP(bare) ? [bare] : await resolver(bare)
  if (addresses.length === 0) throw new Error(`address guard: ${hostname} has no address`)
  for (const address of addresses) {
    const reason = refusedAddress(address, { allowLoopback })
    if (reason) throw new BlockedAddressError(hostname, address, reason)
  }
  return addresses
}
