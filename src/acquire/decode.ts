/**
 * Bytes → text, refusing what is not text: empty input, input over the size limit, binary files (named by
 * their magic number), and bytes that decode only to garbage. UTF-8 is the default; a BOM, a declared
 * charset or chardet's guess selects a legacy encoding (windows-1256, ISO-8859-x, UTF-16…) via iconv-lite.
 */
import chardet from "chardet";
import iconv from "iconv-lite";
import { InputError } from "../errors.ts";
import { tooLargeError } from "./size-limit.ts";

export interface DecodeOptions {
  maxBytes: number;
  /** Charset declared by the transport (the Content-Type header), if any. */
  charset?: string;
  /** Also honour a `<meta charset>` in the first bytes. */
  html?: boolean;
}

/** Magic numbers of common non-text files, with how to name them in the error. */
const MAGIC: { bytes: (number | null)[]; what: string }[] = [
  { bytes: [...Buffer.from("%PDF-")], what: "a PDF document" },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: "a PNG image" },
  { bytes: [...Buffer.from("GIF8")], what: "a GIF image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [...Buffer.from("RIFF"), null, null, null, null, ...Buffer.from("WEBP")], what: "a WebP image" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive (or a .docx/.xlsx/.epub file)" },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: "a ZIP archive" },
  { bytes: [0x1f, 0x8b], what: "gzip-compressed data" },
  { bytes: [...Buffer.from("BZh"), null, ...Buffer.from("1AY&SY")], what: "bzip2-compressed data" },
  { bytes: [0xfd, ...Buffer.from("7zXZ"), 0x00], what: "xz-compressed data" },
  { bytes: [...Buffer.from("7z"), 0xbc, 0xaf, 0x27, 0x1c], what: "a 7-Zip archive" },
  { bytes: [...Buffer.from("Rar!"), 0x1a, 0x07], what: "a RAR archive" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: "an old Microsoft Office document (.doc/.xls)" },
  { bytes: [...Buffer.from("{\\rtf")], what: "an RTF document (save it as plain text)" },
  { bytes: [0x7f, ...Buffer.from("ELF")], what: "an executable program" },
  { bytes: [...Buffer.from("SQLite format 3"), 0x00], what: "an SQLite database" },
  { bytes: [...Buffer.from("ID3")], what: "an MP3 audio file" },
  { bytes: [...Buffer.from("OggS")], what: "an Ogg media file" },
  { bytes: [0x1a, 0x45, 0xdf, 0xa3], what: "a Matroska/WebM video" },
  { bytes: [null, null, null, null, ...Buffer.from("ftyp")], what: "an MP4/QuickTime media file" },
];

const BOMS: { bytes: number[]; encoding: string }[] = [
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: "utf-32le" },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: "utf-32be" },
  { bytes: [0xef, 0xbb, 0xbf], encoding: "utf-8" },
  { bytes: [0xff, 0xfe], encoding: "utf-16le" },
  { bytes: [0xfe, 0xff], encoding: "utf-16be" },
];

/** chardet names we trust when input is not UTF-8: single-byte legacy code pages and the CJK multi-byte ones. */
const CJK = new Set(["Shift_JIS", "EUC-JP", "EUC-KR", "Big5", "GB18030", "ISO-2022-JP", "ISO-2022-KR", "ISO-2022-CN"]);
const MIN_CONFIDENCE = 20;
const MIN_CJK_CONFIDENCE = 50;

/** As browsers do (WHATWG Encoding), Latin-1 labels mean windows-1252, whose 0x80–0x9F are quotes and dashes. */
function webEncoding(name: string): string {
  return /^(?:iso-?8859-1|latin-?1|l1|us-ascii|ascii|cp819)$/i.test(name) ? "windows-1252" : name;
}

function startsWith(bytes: Buffer, pattern: readonly (number | null)[]): boolean {
  return bytes.length >= pattern.length && pattern.every((b, i) => b === null || bytes[i] === b);
}

/** Names the binary format of `bytes` ("a PDF document"…), or undefined when nothing marks it as binary. */
export function binaryKind(bytes: Buffer): string | undefined {
  const magic = MAGIC.find((m) => startsWith(bytes, m.bytes));
  if (magic) return magic.what;
  if (bomEncoding(bytes) || utf16WithoutBom(bytes)) return undefined;
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return "binary data (it contains NUL bytes)";
  return undefined;
}

function bomEncoding(bytes: Buffer): string | undefined {
  return BOMS.find((b) => startsWith(bytes, b.bytes))?.encoding;
}

/** UTF-16 saved without a BOM shows as NULs on every other byte of ASCII-range text. */
function utf16WithoutBom(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096 - (Math.min(bytes.length, 4096) % 2));
  if (head.length < 8) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0) i % 2 === 0 ? even++ : odd++;
  const half = head.length / 2;
  if (odd > half * 0.3 && even === 0) return "utf-16le";
  if (even > half * 0.3 && odd === 0) return "utf-16be";
  return undefined;
}

/** The charset named by `<meta charset>` or `<meta http-equiv content="…; charset=…">` near the top. */
function metaCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096).toString("latin1");
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head)?.[1];
}

function strictUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * UTF-8 with a few broken sequences (a truncated download, one mangled character) among many good
 * multi-byte characters: worth reading with U+FFFD in the holes rather than as a legacy code page,
 * which would turn every good character into mojibake.
 */
function mostlyUtf8(bytes: Buffer): string | undefined {
  const text = new TextDecoder("utf-8").decode(bytes);
  const broken = text.match(/\uFFFD/g)?.length ?? 0;
  const good = text.match(/[^\u0000-\u007f\uFFFD]/g)?.length ?? 0;
  return good > 0 && broken <= Math.max(2, good * 0.02) ? text : undefined;
}

/** Share of characters that no reader can use: U+FFFD, control characters, private-use code points. */
function unreadableShare(text: string): number {
  const visible = text.replace(/[\s\u0085]/g, "");
  if (visible.length === 0) return 0;
  const bad = visible.match(/[\uFFFD\u0000-\u001f\u007f-\u009f\uE000-\uF8FF]/g)?.length ?? 0;
  return bad / visible.length;
}

/**
 * Whether a legacy-decoded text reads like language rather than decoded noise: few symbols, and (outside
 * CJK scripts, which use no spaces) words separated by spaces the way prose is.
 */
function readsLikeText(text: string, cjk: boolean): boolean {
  const visible = text.replace(/\s/g, "");
  if (visible.length === 0) return true;
  const symbols = visible.match(/[\p{S}\p{No}\p{Co}\p{Cc}\uFFFD]/gu)?.length ?? 0;
  if (symbols / visible.length > 0.08) return false;
  if (cjk || text.length < 100) return true;
  const spaces = text.match(/\s/g)?.length ?? 0;
  return spaces / text.length >= 0.04;
}

function legacyGuess(bytes: Buffer): { encoding: string; cjk: boolean } | undefined {
  for (const match of chardet.analyse(bytes)) {
    const cjk = CJK.has(match.name);
    if (match.confidence < (cjk ? MIN_CJK_CONFIDENCE : MIN_CONFIDENCE)) break;
    if (/^UTF-/i.test(match.name) || !iconv.encodingExists(match.name)) continue;
    return { encoding: match.name, cjk };
  }
  return undefined;
}

/**
 * Checks that `bytes` are acceptable input and decodes them. Throws InputError (empty, too large, binary,
 * undecodable, whitespace only) before anything is parsed. Returns the text without a BOM.
 */
export function decodeInput(bytes: Buffer, origin: string, opts: DecodeOptions): string {
  if (bytes.length === 0) throw new InputError(origin, "input is empty (0 bytes)");
  if (bytes.length > opts.maxBytes) throw tooLargeError(origin, opts.maxBytes, bytes.length);
  const binary = binaryKind(bytes);
  if (binary) throw new InputError(origin, `input looks like ${binary}, not text`);

  const text = decodeText(bytes, origin, opts).replace(/^\uFEFF/, "");
  if (unreadableShare(text) > 0.1) {
    throw new InputError(origin, "input decodes only to unreadable characters (replacement or control characters)");
  }
  if (/^[\s\u0085\u001c-\u001f]*$/.test(text)) throw new InputError(origin, "input is empty (only whitespace)");
  return text;
}

function decodeText(bytes: Buffer, origin: string, opts: DecodeOptions): string {
  const fixed = bomEncoding(bytes) ?? utf16WithoutBom(bytes);
  if (fixed) return iconv.decode(bytes, fixed);
  // Legacy text is almost never valid UTF-8 by accident, so valid UTF-8 wins over a stale declaration.
  const utf8 = strictUtf8(bytes);
  if (utf8 !== undefined) return utf8;

  const declared = [opts.charset, opts.html ? metaCharset(bytes) : undefined].find(
    (c) => c && !/^utf-?8$/i.test(c) && iconv.encodingExists(c),
  );
  if (declared) return iconv.decode(bytes, webEncoding(declared));

  const damaged = mostlyUtf8(bytes);
  if (damaged !== undefined) return damaged;

  const guess = legacyGuess(bytes);
  if (guess) {
    const text = iconv.decode(bytes, webEncoding(guess.encoding));
    if (readsLikeText(text, guess.cjk)) return text;
  }
  throw new InputError(origin, "input is not valid UTF-8 and does not decode as a known text encoding");
}
