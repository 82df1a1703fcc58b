import { readFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireUrl } from "../../src/acquire/index.ts";
import { acquireOptions } from "./fake-sources.ts";

const ARTICLE = readFileSync("test/fixtures/acquire/news-site.html");
const ARABIC = "اشتباكات عنيفة في ريف حماة الشمالي بين الجيش والمجموعات المسلحة";

let server: Server;
let base: string;
/** What the endless route managed to send before the client hung up. */
const endless = { sent: 0, closed: false };
const timers = new Set<NodeJS.Timeout>();

function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { location });
  res.end();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    const redirects: Record<string, [number, string]> = {
      "/r1": [302, "/r2"],
      "/r2": [301, `${base}/r3`],
      "/r3": [307, "/article"],
      "/loop-a": [302, "/loop-b"],
      "/loop-b": [302, "/loop-a"],
      "/to-ftp": [302, "ftp://example.org/file.txt"],
    };
    if (redirects[path]) return redirect(res, ...redirects[path]);
    switch (path) {
      case "/article":
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(ARTICLE);
      case "/no-type":
        res.writeHead(200);
        return res.end(ARTICLE);
      case "/plain-1256":
        res.writeHead(200, { "content-type": "text/plain; charset=windows-1256" });
        return res.end(iconv.encode(`${ARABIC}\n`, "windows-1256"));
      case "/image":
        res.writeHead(200, { "content-type": "image/png" });
        return res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      case "/pdf":
        res.writeHead(200, { "content-type": "application/pdf" });
        return res.end("%PDF-1.4");
      case "/octet":
        res.writeHead(200, { "content-type": "application/octet-stream" });
        return res.end("bytes");
      case "/missing":
        res.writeHead(404, { "content-type": "text/html" });
        return res.end("<h1>Not Found</h1>");
      case "/broken":
        res.writeHead(500, { "content-type": "text/plain" });
        return res.end("oops");
      case "/empty":
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end();
      case "/slow": {
        const t = setTimeout(() => res.end("late"), 10_000);
        timers.add(t);
        return;
      }
      case "/stall":
        res.writeHead(200, { "content-type": "text/html" });
        return res.write("<html><body><p>The first part of the article arrives, then nothing more");
      case "/declared-big":
        res.writeHead(200, { "content-type": "text/html", "content-length": String(50 * 1024 * 1024) });
        return res.write("<html>");
      case "/endless": {
        res.writeHead(200, { "content-type": "text/plain" });
        const chunk = Buffer.from("Clashes continued near Morek in the countryside of Hama.\n".repeat(256));
        res.on("close", () => {
          endless.closed = true;
        });
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk)) endless.sent += chunk.length;
          if (!res.destroyed) res.once("drain", pump);
        };
        return pump();
      }
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const t of timers) clearTimeout(t);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("acquiring a URL", () => {
  it("fetches and extracts an HTML article, keeping the URL", async () => {
    const doc = await acquireUrl(`${base}/article`, acquireOptions());
    expect(doc).toMatchObject({ origin: `${base}/article`, url: `${base}/article`, format: "html" });
    expect(doc.title).toBe("Opposition factions leave the last pockets of eastern Aleppo");
    // The headline opens the article, as a text file's first line does.
    expect(doc.blocks[0].text).toBe("Opposition factions leave the last pockets of eastern Aleppo");
    expect(doc.blocks[1].text.startsWith("Idlib (Enab Baladi) – The last convoys")).toBe(true);
  });

  it("follows a chain of redirects within the limit and records the final URL", async () => {
    const doc = await acquireUrl(`${base}/r1`, acquireOptions({ maxRedirects: 3 }));
    expect(doc.url).toBe(`${base}/article`);
    expect(doc.origin).toBe(`${base}/r1`);
    expect(doc.blocks.length).toBeGreaterThan(5);
  });

  it("stops after maxRedirects", async () => {
    await expect(acquireUrl(`${base}/r1`, acquireOptions({ maxRedirects: 2 }))).rejects.toThrow(
      `${base}/r1: too many redirects (more than 2)`,
    );
  });

  it("stops a redirect loop and says so", async () => {
    await expect(acquireUrl(`${base}/loop-a`, acquireOptions({ maxRedirects: 5 }))).rejects.toThrow(
      "too many redirects (more than 5); the redirects go round in a loop",
    );
  });

  it("refuses a redirect to a non-http scheme", async () => {
    await expect(acquireUrl(`${base}/to-ftp`, acquireOptions())).rejects.toThrow(
      "redirect target uses ftp; only http and https URLs are supported",
    );
  });

  it("times out a server that does not answer", async () => {
    const started = Date.now();
    await expect(acquireUrl(`${base}/slow`, acquireOptions({ fetchTimeoutMs: 300 }))).rejects.toThrow(
      `${base}/slow: timed out after 300 ms`,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("times out a body that stops arriving", async () => {
    await expect(acquireUrl(`${base}/stall`, acquireOptions({ fetchTimeoutMs: 300 }))).rejects.toThrow("timed out after 300 ms");
  });

  it("stops reading an endless body at the size limit and hangs up", async () => {
    await expect(acquireUrl(`${base}/endless`, acquireOptions({ maxBytes: 64 * 1024 }))).rejects.toThrow(
      "input is over the limit of 64.0 KB (65536 bytes), set by MAX_INPUT_BYTES; stopped reading there",
    );
    await expect.poll(() => endless.closed, { timeout: 3000 }).toBe(true);
    const sentAtClose = endless.sent;
    await new Promise((r) => setTimeout(r, 100));
    expect(endless.sent).toBe(sentAtClose);
  });

  it("refuses a body whose Content-Length is over the limit before reading it", async () => {
    await expect(acquireUrl(`${base}/declared-big`, acquireOptions())).rejects.toThrow(
      "input is 50.0 MB (52428800 bytes), over the limit of 5.0 MB (5242880 bytes), set by MAX_INPUT_BYTES",
    );
  });

  it("refuses content types that are not text, naming the type", async () => {
    for (const [route, type] of [["/image", "image/png"], ["/pdf", "application/pdf"], ["/octet", "application/octet-stream"]]) {
      await expect(acquireUrl(`${base}${route}`, acquireOptions())).rejects.toThrow(
        `${base}${route}: unsupported content type ${type} (expected text/html, application/xhtml+xml or text/plain)`,
      );
    }
  });

  it("names the status of a failed response", async () => {
    await expect(acquireUrl(`${base}/missing`, acquireOptions())).rejects.toThrow(`${base}/missing: server answered 404 Not Found`);
    await expect(acquireUrl(`${base}/broken`, acquireOptions())).rejects.toThrow("server answered 500 Internal Server Error");
  });

  it("reads text/plain with the charset the server declares, and sniffs an untyped body", async () => {
    const plain = await acquireUrl(`${base}/plain-1256`, acquireOptions());
    expect(plain).toMatchObject({ format: "text", blocks: [{ text: ARABIC, boilerplate: false }] });
    expect((await acquireUrl(`${base}/no-type`, acquireOptions())).format).toBe("html");
  });

  it("refuses an empty response", async () => {
    await expect(acquireUrl(`${base}/empty`, acquireOptions())).rejects.toThrow("input is empty (0 bytes)");
  });

  it("refuses URLs that are not http(s) or not URLs, and says when nothing listens", async () => {
    await expect(acquireUrl("file:///etc/passwd", acquireOptions())).rejects.toThrow(
      "file:///etc/passwd: input uses file; only http and https URLs are supported",
    );
    await expect(acquireUrl("not a url", acquireOptions())).rejects.toThrow("not a url: input is not a valid URL");
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(acquireUrl(`http://127.0.0.1:${port}/x`, acquireOptions())).rejects.toThrow("could not fetch: connection refused");
  });
});
