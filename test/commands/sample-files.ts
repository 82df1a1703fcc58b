/** The sample reports in `samples/`, by source id (the start of their file names). */
import { readdirSync } from "node:fs";
import path from "node:path";

const DIR = path.resolve(import.meta.dirname, "../../samples");

export function sampleFile(sourceId: string): string {
  const name = readdirSync(DIR).find((n) => n.startsWith(`${sourceId}-`) && n.endsWith(".txt"));
  if (!name) throw new Error(`no sample for ${sourceId} in ${DIR}`);
  return path.join(DIR, name);
}
