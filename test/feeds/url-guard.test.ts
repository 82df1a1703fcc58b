/** The server-side request forgery guard: which addresses are private, and that every hop of a fetch is checked. */
import { describe, expect, it } from "vitest";
import { fetchUrl } from "../../src/acquire/fetch-url.ts";
import { InputError } from "../../src/errors.ts";
import { isPrivateAddress, publicUrlGuard, type HostLookup } from "../../src/feeds/url-guard.ts";
import { articleHtml, FakeFeeds } from "../fakes/fake-feeds.ts";

const LIMITS = { maxBytes: 1024 * 1024, timeoutMs: 2000, maxRedirects: 5 };

/** A resolver that answers from a table, as DNS would for those names. */
const table =
  (entries: Record<string, string[]>): HostLookup =>
  async (host) => {
    const addresses = entries[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

async function refusal(check: (url: URL) => Promise<void>, url: string): Promise<string> {
  const error = await check(new URL(url)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).reason;
}

describe("isPrivateAddress", () => {
  it("covers private, loopback, link-local and unspecified ranges in IPv4 and IPv6, mapped addresses included", () => {
    const blocked = ["10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1", "127.0.0.1", "127.8.9.10", "169.254.169.254", "0.0.0.0", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"];
    const allowed = ["8.8.8.8", "172.15.255.255", "172.32.0.1", "192.169.0.1", "169.253.1.1", "11.0.0.1", "2001:4860:4860::8888", "fec0::1", "::ffff:8.8.8.8", "not-an-ip"];
    for (const a of blocked) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of allowed) expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe("publicUrlGuard", () => {
  const guard = publicUrlGuard(
    "the link",
    table({ "news.example": ["93.184.216.34"], "intranet.example": ["10.1.2.3"], "mixed.example": ["93.184.216.34", "192.168.0.5"], "v6.example": ["2606:2800:220:1::1"] }),
  );

  it("lets public hosts through and refuses a host with any private address, naming it", async () => {
    await expect(guard(new URL("https://news.example/story"))).resolves.toBeUndefined();
    await expect(guard(new URL("http://v6.example/"))).resolves.toBeUndefined();
    expect(await refusal(guard, "http://intranet.example/admin")).toMatch(/^refused: intranet\.example \(10\.1\.2\.3\) is a private, loopback or link-local address.*ALLOW_PRIVATE_URLS=true/);
    expect(await refusal(guard, "http://mixed.example/")).toMatch(/^refused: mixed\.example \(192\.168\.0\.5\)/);
    expect(await refusal(guard, "http://169.254.169.254/latest/meta-data/")).toMatch(/^refused: 169\.254\.169\.254 is a private/);
    expect(await refusal(guard, "http://[::1]:8080/")).toMatch(/^refused: ::1 is a private/);
    expect(await refusal(guard, "http://unknown.example/")).toBe("could not fetch: host unknown.example not found");
    expect(await refusal(guard, "ftp://news.example/file")).toMatch(/uses ftp; only http and https/);
  });

  it("is asked again at every redirect, so a public page cannot redirect into the private network", async () => {
    const fake = await new FakeFeeds().start();
    try {
      fake.page("/secret", articleHtml("Internal", ["Internal admin page that must never be fetched."]));
      fake.redirect("/innocent", "/secret");
      // "localhost" stands in for a public host here (the lookup says so); the redirect names 127.0.0.1 itself.
      const port = new URL(fake.url("/")).port;
      const lookup = table({ localhost: ["93.184.216.34"] });
      const error = await fetchUrl(`http://localhost:${port}/innocent`, LIMITS, { checkUrl: publicUrlGuard(`http://localhost:${port}/innocent`, lookup) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).reason).toMatch(/^refused: 127\.0\.0\.1 is a private, loopback or link-local address/);
      expect(fake.hits("/innocent")).toHaveLength(1);
      expect(fake.hits("/secret")).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });
});
