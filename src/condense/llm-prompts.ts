/**
 * The prompt templates, read from `prompts/*.txt` once per condenser. Each carries the hash of its text:
 * the hash is part of every cache key, so editing a prompt never serves answers written under the old one.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface Prompt {
  text: string;
  /** sha256 of the text, hex. */
  hash: string;
}

export interface Prompts {
  condense: Prompt;
  overview: Prompt;
}

const DEFAULT_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));

/** Reads `condense.txt` and `overview.txt` from `dir` (default `<repo>/prompts`). */
export function loadPrompts(dir: string = DEFAULT_DIR): Prompts {
  const read = (name: string): Prompt => {
    const text = readFileSync(path.join(dir, name), "utf8").trim();
    return { text, hash: sha256(text) };
  };
  return { condense: read("condense.txt"), overview: read("overview.txt") };
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
