/**
 * Fetches an http(s) URL for ingestion with Node's fetch, under the limits a bot needs: one overall
 * timeout, redirects counted by hand (`redirect: "manual"`), the content type checked before the body is
 * read, and the body size enforced while streaming, so an endless response is never buffered.
 */
import { InputError } from "../errors.ts";
import { formatForType, parseContentType, type ContentType } from "./content-type.ts";
import { tooLargeError } from "./size-limit.ts";

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

export interface FetchedBody {
  bytes: Buffer;
  /** The Content-Type header, if the server sent one. */
  contentType?: string;
  /** The URL the body came from, after redirects. */
  url: string;
  /** 200–299, or 304 when a conditional request (If-None-Match / If-Modified-Since) found nothing new: `bytes` is then empty. */
  status: number;
  /** Validators (ETag, Last-Modified headers) for the next conditional request. */
  etag?: string;
  lastModified?: string;
}

/** Optional per-request behaviour; the defaults fetch an article page. */
export interface FetchRequest {
  /** Request headers replacing the defaults of the same name (Accept) or added to them (If-None-Match…). */
  headers?: Record<string, string>;
  /** Called before every request, redirect targets included; throws an InputError to refuse a URL (SSRF guard). */
  checkUrl?: (url: URL) => Promise<void>;
  /** Checks the content type in place of the article check (HTML or plain text), e.g. XML for feeds. Throws InputError. */
  checkType?: (type: ContentType, origin: string) => void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = "Sitrep/0.1 (regional briefings bot)";

/** An http(s) URL, or InputError saying what is wrong with it. */
export function httpUrlOrThrow(value: string, origin: string, what = "input"): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(origin, `${what} is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InputError(origin, `${what} uses ${url.protocol.replace(/:$/, "")}; only http and https URLs are supported`);
  }
  return url;
}

function describeTimeout(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(1)} s`;
}

/** A one-line reason for a network failure, from undici's error cause. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const byCode: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host name lookup failed",
    ECONNRESET: "connection reset by the server",
    ETIMEDOUT: "connection timed out",
    UND_ERR_SOCKET: "connection closed by the server",
  };
  const reason = (cause?.code && byCode[cause.code]) ?? cause?.message ?? (error as Error)?.message ?? String(error);
  return `could not fetch: ${reason}`;
}

async function readLimited(body: ReadableStream<Uint8Array> | null, origin: string, maxBytes: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLargeError(origin, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Fetches `input` and returns its body. Throws InputError for a bad URL, a network failure, a timeout,
 * too many redirects, a non-2xx status, an unsupported content type, or a body over `maxBytes`. A 304 is
 * an answer (status 304, no body) only to a conditional request, i.e. when `request.headers` carry a validator.
 */
export async function fetchUrl(input: string, limits: FetchLimits, request: FetchRequest = {}): Promise<FetchedBody> {
  const origin = input;
  let url = httpUrlOrThrow(input, origin);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const visited = new Set<string>([url.href]);
  let looped = false;
  const conditional = Object.keys(request.headers ?? {}).some((h) => /^if-(?:none-match|modified-since)$/i.test(h));
  try {
    for (let redirects = 0; ; redirects++) {
      await request.checkUrl?.(url);
      const response = await fetch(url, {
        redirect: "manual",
        signal: controller.signal,
        headers: { "user-agent": USER_AGENT, accept: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1", ...request.headers },
      });
      const validators = { etag: response.headers.get("etag") ?? undefined, lastModified: response.headers.get("last-modified") ?? undefined };
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get("location");
        if (!location) throw new InputError(origin, `server answered ${response.status} (redirect) without a Location header`);
        if (redirects >= limits.maxRedirects) {
          const loop = looped ? "; the redirects go round in a loop" : "";
          throw new InputError(origin, `too many redirects (more than ${limits.maxRedirects})${loop}`);
        }
        url = httpUrlOrThrow(new URL(location, url).href, origin, "redirect target");
        looped ||= visited.has(url.href);
        visited.add(url.href);
        continue;
      }
      if (response.status === 304 && conditional) {
        await response.body?.cancel().catch(() => undefined);
        return { bytes: Buffer.alloc(0), url: url.href, status: 304, ...validators };
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel().catch(() => undefined);
        const text = response.statusText ? ` ${response.statusText}` : "";
        throw new InputError(origin, `server answered ${response.status}${text}`);
      }
      const header = response.headers.get("content-type") ?? undefined;
      const type = parseContentType(header);
      if (type) {
        try {
          (request.checkType ?? formatForType)(type, origin);
        } catch (error) {
          await response.body?.cancel().catch(() => undefined);
          throw error;
        }
      }
      const declared = Number(response.headers.get("content-length"));
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw tooLargeError(origin, limits.maxBytes, declared);
      }
      const bytes = await readLimited(response.body, origin, limits.maxBytes);
      return { bytes, contentType: header, url: url.href, status: response.status, ...validators };
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (controller.signal.aborted) throw new InputError(origin, `timed out after ${describeTimeout(limits.timeoutMs)}`);
    throw new InputError(origin, networkReason(error));
  } finally {
    clearTimeout(timer);
  }
}
