/**
 * Which media types Sitrep reads, and whether a text is HTML when nobody said so.
 */
import { InputError } from "../errors.ts";

export interface ContentType {
  /** Lower-case media type without parameters, e.g. "text/html". */
  mime: string;
  charset?: string;
}

const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
const TEXT_TYPES = new Set(["text/plain"]);

/** Parses a Content-Type header value ("text/html; charset=windows-1256"); undefined when empty. */
export function parseContentType(header: string | null | undefined): ContentType | undefined {
  if (!header || !header.trim()) return undefined;
  const [type, ...params] = header.split(";");
  const charset = params
    .map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p)?.[1])
    .find((c): c is string => Boolean(c));
  return { mime: type.trim().toLowerCase(), charset };
}

/** "html" or "text" for a supported media type; throws InputError naming any other type. */
export function formatForType(type: ContentType, origin: string): "html" | "text" {
  if (HTML_TYPES.has(type.mime)) return "html";
  if (TEXT_TYPES.has(type.mime)) return "text";
  throw new InputError(
    origin,
    `unsupported content type ${type.mime} (expected text/html, application/xhtml+xml or text/plain)`,
  );
}

/**
 * Whether untyped text is an HTML document: it opens (after comments, a doctype or an XML declaration)
 * with an <html>, <head> or <body> tag. Prose that merely mentions a tag stays plain text.
 */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096).replace(/^(?:\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->)*/, "");
  return /^<(?:!doctype\s+html|html|head|body)[\s>]/i.test(head);
}
