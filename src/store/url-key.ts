/**
 * URL identity for dedup: the same article reached as http/https, with or without "www.", a fragment,
 * a trailing slash or tracking parameters is one article.
 */

const TRACKING_PARAM = /^(utm_.*|fbclid|gclid|dclid|mc_cid|mc_eid|ref_src|igshid)$/i;

/** Normalises an article URL to the string stored under `url:<…>`. Non-URLs are returned trimmed. */
export function normaliseUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return url.href;
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAM.test(name)) url.searchParams.delete(name);
  }
  url.searchParams.sort();
  const host = url.hostname.replace(/^www\./, "");
  const port = url.port ? `:${url.port}` : "";
  const path = url.pathname.replace(/\/+$/, "");
  return `${host}${port}${path}${url.search}`;
}
