/** Writing broken data files and catching what a loader says about them. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/** A temp folder (removed after the suite) and a writer for JSON or raw text files in it. */
export function scratchFiles(prefix: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name: string, data: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof data === "string" ? data : JSON.stringify(data));
    return file;
  };
}

/** The error `load(file)` throws; fails the test when it throws none. */
export function errorOf(load: (file: string) => unknown, file: string): Error {
  try {
    load(file);
  } catch (err) {
    return err as Error;
  }
  throw new Error(`expected loading ${file} to fail`);
}
