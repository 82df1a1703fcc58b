/**
 * Near-duplicates: the same wire story republished by two outlets (AFP text on two sites, each with its own
 * headline, byline and page furniture) is the same report for a reader. A report's non-boilerplate text is
 * cut into word 5-grams (shingles); a MinHash signature of 128 hashes estimates the Jaccard similarity of two
 * reports' shingle sets, and 32 bands of 4 hashes (locality-sensitive hashing) find the candidates in a few
 * keyv reads instead of comparing against every stored report. Reports at ≥ 0.5 estimated Jaccard are
 * near-duplicates: with those band rows, a pair at 0.5 is found 87% of the time, at 0.7 over 99.9%.
 *
 * Keys: `nd:sig:<report id>` → the signature (base64), `nd:band:<band>:<row hash>` → report ids (newest first).
 */
import type Keyv from "keyv";
import type { Report } from "../types.ts";

const HASHES = 128;
const BANDS = 32;
const ROWS = HASHES / BANDS;
const SHINGLE_WORDS = 5;
/** Below this many shingles (about 12 words) a text is too short to call a copy of another. */
const MIN_SHINGLES = 8;
/** Estimated Jaccard similarity from which two reports are the same story. */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;
/** Ids kept per band bucket: a bucket shared by many reports is boilerplate the analyzer missed, not a story. */
const BUCKET_MAX = 50;

export type Signature = Uint32Array;

/** Fixed per-hash seeds (a 32-bit LCG), so signatures stored today compare with those computed tomorrow. */
const SEEDS = (() => {
  const seeds = new Uint32Array(HASHES);
  let x = 0x9e3779b9;
  for (let i = 0; i < HASHES; i++) seeds[i] = x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
  return seeds;
})();

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 32;

/** FNV-1a over `word`, continuing from `h` (so a shingle's hash needs no joined string). */
function fnv1aOn(h: number, word: string): number {
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

/** MurmurHash3's finaliser: a cheap, well-mixed 32-bit permutation. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The words of a report's content (not boilerplate, not section headers), lower-cased. */
function contentWords(report: Pick<Report, "paragraphs">): string[] {
  const text = report.paragraphs.filter((p) => !p.boilerplate && !p.header).map((p) => p.text).join(" ");
  return text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The MinHash signature of a report's word 5-grams, or undefined when the text is too short to compare. */
export function signatureOf(report: Pick<Report, "paragraphs">): Signature | undefined {
  const words = contentWords(report);
  const shingles = new Set<number>();
  // The FNV-1a hash of the words joined by single spaces, computed word by word.
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
    let h = fnv1aOn(FNV_OFFSET, words[i]);
    for (let k = 1; k < SHINGLE_WORDS; k++) h = fnv1aOn(Math.imul(h ^ SPACE, FNV_PRIME), words[i + k]);
    shingles.add(h >>> 0);
  }
  if (shingles.size < MIN_SHINGLES) return undefined;
  const signature = new Uint32Array(HASHES).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let i = 0; i < HASHES; i++) {
      const h = mix(shingle ^ SEEDS[i]);
      if (h < signature[i]) signature[i] = h;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity of the shingle sets behind two signatures (share of equal hashes). */
export function similarity(a: Signature, b: Signature): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

function bandKeys(signature: Signature): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = FNV_OFFSET;
    for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ signature[band * ROWS + r], FNV_PRIME);
    keys.push(`nd:band:${band}:${(h >>> 0).toString(16)}`);
  }
  return keys;
}

const sigKey = (id: string) => `nd:sig:${id}`;
const encode = (s: Signature) => Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString("base64");
function decode(text: string): Signature {
  const bytes = Buffer.from(text, "base64");
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** A match: the stored (or earlier in the batch) report a new one repeats, and how similar they are. */
export interface NearMatch {
  id: string;
  similarity: number;
}

/**
 * For each incoming report (with its signature), the most similar stored report at or above the threshold,
 * or an earlier report of the same batch; undefined when there is none. Reads only band buckets and the
 * candidates' signatures.
 */
export async function findNearDuplicates(kv: Keyv, incoming: { id: string; signature?: Signature }[]): Promise<(NearMatch | undefined)[]> {
  const keysPer = incoming.map((r) => (r.signature ? bandKeys(r.signature) : []));
  const allKeys = [...new Set(keysPer.flat())];
  const buckets = new Map<string, string[]>();
  if (allKeys.length) (await kv.getMany<string[]>(allKeys)).forEach((ids, i) => buckets.set(allKeys[i], ids ?? []));
  const candidateIds = [...new Set(keysPer.flatMap((keys) => keys.flatMap((k) => buckets.get(k) ?? [])))];
  const stored = new Map<string, Signature>();
  if (candidateIds.length) {
    (await kv.getMany<string>(candidateIds.map(sigKey))).forEach((s, i) => s && stored.set(candidateIds[i], decode(s)));
  }
  return incoming.map((report, i) => {
    if (!report.signature) return undefined;
    const candidates = new Set(keysPer[i].flatMap((k) => buckets.get(k) ?? []));
    // Earlier reports of the batch are candidates too: two feeds can carry the story in the same poll.
    const earlier = incoming.slice(0, i).filter((r) => r.signature && r.id !== report.id);
    let best: NearMatch | undefined;
    const consider = (id: string, signature: Signature | undefined) => {
      if (!signature || id === report.id) return;
      const s = similarity(report.signature!, signature);
      if (s >= NEAR_DUPLICATE_THRESHOLD && (!best || s > best.similarity)) best = { id, similarity: s };
    };
    for (const id of candidates) consider(id, stored.get(id));
    for (const r of earlier) consider(r.id, r.signature);
    return best;
  });
}

/** Indexes stored reports' signatures so later reports can find them; one setMany. */
export async function rememberSignatures(kv: Keyv, reports: { id: string; signature?: Signature }[]): Promise<void> {
  const withSignature = reports.filter((r): r is { id: string; signature: Signature } => r.signature !== undefined);
  if (!withSignature.length) return;
  const keysPer = withSignature.map((r) => bandKeys(r.signature));
  const allKeys = [...new Set(keysPer.flat())];
  const lists = new Map<string, string[]>();
  (await kv.getMany<string[]>(allKeys)).forEach((ids, i) => lists.set(allKeys[i], ids ?? []));
  withSignature.forEach((r, i) => {
    for (const key of keysPer[i]) lists.set(key, [r.id, ...lists.get(key)!.filter((id) => id !== r.id)].slice(0, BUCKET_MAX));
  });
  await kv.setMany([
    ...withSignature.map((r) => ({ key: sigKey(r.id), value: encode(r.signature) })),
    ...[...lists].map(([key, value]) => ({ key, value })),
  ]);
}
