/** What the gateway knows of a request's sender: the address Express settled on (see TRUSTED_PROXY), or the socket's. */
export interface AddressedRequest {
  readonly ip?: string;
  readonly socket?: { readonly remoteAddress?: string };
}

/** The headers a client could use to claim another address or origin; the gateway never passes them on. */
const CLIENT_CLAIMS = ['forwarded', 'x-real-ip', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-proto'];

/** The client's address: with no trusted proxy in front of the gateway, the connecting one. */
export function clientAddress(request: AddressedRequest): string {
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
}

/**
 * The one client a limit counts an address as: an IPv4 address itself (IPv4-mapped IPv6 included), an
 * IPv6 address by its /64, which one subscriber holds whole and could otherwise walk through.
 */
export function clientKey(address: string): string {
  const plain = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(plain);
  if (mapped) return mapped[1]!;
  if (!plain.includes(':')) return plain;
  const [head = '', tail] = plain.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => (Number.parseInt(group, 16) || 0).toString(16))
    .join(':')}::/64`;
}

/** The outgoing proxied request, as far as the gateway rewrites its headers. */
export interface ProxiedRequest {
  setHeader(name: string, value: string): unknown;
  removeHeader(name: string): unknown;
}

/**
 * Sets X-Forwarded-For of a proxied request to the client's address alone, replacing whatever the client
 * sent (never appending to it): the services trust this header from the gateway only, so it is the one
 * place a client's address is decided.
 */
export function forwardClientAddress(proxied: ProxiedRequest, request: AddressedRequest): void {
  for (const header of CLIENT_CLAIMS) proxied.removeHeader(header);
  proxied.setHeader('x-forwarded-for', clientAddress(request));
}
