/**
 * The server-side request forgery guard for URLs that users (Discord `/ingest url:`) or third parties (links
 * in a feed) hand to Sitrep: only http(s), and only hosts whose every address is public. Private (10/8,
 * 172.16/12, 192.168/16, fc00::/7), loopback (127/8, ::1), link-local (169.254/16, fe80::/10) and unspecified
 * (0.0.0.0/8, ::) addresses are refused; IPv4-mapped IPv6 addresses count as their IPv4 address. It runs
 * before every request, redirects included, so a public URL cannot redirect into the private network.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { httpUrlOrThrow } from "../acquire/fetch-url.ts";
import { InputError } from "../errors.ts";

/** Resolves a host name to all its addresses (dns.lookup by default; tests pass their own). */
export type HostLookup = (host: string) => Promise<{ address: string; family: number }[]>;

const BLOCKED = new BlockList();
for (const [net, prefix] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16]] as const) {
  BLOCKED.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10]] as const) BLOCKED.addSubnet(net, prefix, "ipv6");

const systemLookup: HostLookup = (host) => dnsLookup(host, { all: true, verbatim: true });

/** True for an IP address in a private, loopback, link-local or unspecified range (see the module comment). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return BLOCKED.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * A `checkUrl` for `fetchUrl`: throws an InputError naming the URL when its scheme is not http(s), its host
 * does not resolve, or any of its addresses is private. `origin` is what the user gave, used in messages.
 */
export function publicUrlGuard(origin: string, lookup: HostLookup = systemLookup): (url: URL) => Promise<void> {
  return async (url) => {
    httpUrlOrThrow(url.href, origin, url.href === origin ? "the URL" : "a redirect target");
    const host = url.hostname.replace(/^\[|\]$/g, "");
    let addresses: { address: string }[];
    try {
      addresses = isIP(host) ? [{ address: host }] : await lookup(host);
    } catch {
      throw new InputError(origin, `could not fetch: host ${host} not found`);
    }
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked || addresses.length === 0) {
      const where = blocked && blocked.address !== host ? `${host} (${blocked.address})` : host;
      throw new InputError(origin, `refused: ${where} is a private, loopback or link-local address; Sitrep only fetches public addresses (the operator can allow others with ALLOW_PRIVATE_URLS=true)`);
    }
  };
}

/** The guard the config asks for: none with ALLOW_PRIVATE_URLS=true, else `publicUrlGuard`. */
export function urlGuardFor(config: { allowPrivateUrls: boolean }, origin: string): ((url: URL) => Promise<void>) | undefined {
  return config.allowPrivateUrls ? undefined : publicUrlGuard(origin);
}
