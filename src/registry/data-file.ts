/**
 * Reference data (region packs, the source registry, the framing lexicon) is JSON checked by zod at load.
 * One reader for all three, so a bad file always says which file and lists every problem at once, and each
 * file is read and compiled once per process.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";

/** A data file that cannot be used; `problems` names entries and fields. */
export class DataFileError extends Error {
  constructor(
    what: string,
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid ${what} ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = new.target.name;
  }
}

/** "categories[2].terms[0].term" from a zod issue path. */
export function fieldPath(parts: readonly PropertyKey[]): string {
  return parts.map((x) => (typeof x === "number" ? `[${x}]` : `.${String(x)}`)).join("").replace(/^\./, "");
}

export interface DataFile<T> {
  data: T;
  /** The path as shown in messages: relative to the working directory when inside it. */
  shown: string;
}

/**
 * Reads and validates one JSON file. `fail` builds the error to throw (the caller's own DataFileError
 * subclass); `describe` turns a zod issue into a message that names the entry ("source \"sana\": …").
 */
export function readDataFile<S extends z.ZodType>(
  file: string,
  schema: S,
  fail: (shown: string, problems: string[]) => Error,
  describe: (raw: unknown, issue: z.core.$ZodIssue) => string = (_raw, i) => `${fieldPath(i.path) || "(file)"}: ${i.message}`,
): DataFile<z.infer<S>> {
  const relative = path.relative(process.cwd(), file);
  const shown = relative && !relative.startsWith("..") ? relative : file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw fail(shown, [(err as Error).message]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fail(shown, parsed.error.issues.map((i) => describe(raw, i)));
  return { data: parsed.data, shown };
}

/** Wraps a loader so each file (by absolute path) is built once and shared. */
export function oncePerFile<T>(build: (file: string) => T): (file: string) => T {
  const cache = new Map<string, T>();
  return (file) => {
    const resolved = path.resolve(file);
    let value = cache.get(resolved);
    if (value === undefined) {
      value = build(resolved);
      cache.set(resolved, value);
    }
    return value;
  };
}
