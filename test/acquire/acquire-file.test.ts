import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireFile } from "../../src/acquire/index.ts";
import { InputError } from "../../src/errors.ts";
import { acquireOptions } from "./fake-sources.ts";

const dir = mkdtempSync(join(tmpdir(), "sitrep-acquire-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("acquiring a file", () => {
  it("says a missing file is not found", async () => {
    const path = join(dir, "nope.txt");
    await expect(acquireFile(path, acquireOptions())).rejects.toThrow(new InputError(path, "file not found"));
  });

  it("says a directory is a directory", async () => {
    await expect(acquireFile(dir, acquireOptions())).rejects.toThrow(`${dir}: is a directory, not a file`);
  });

  it("refuses a file over the limit without reading it, naming its size and the limit", async () => {
    const path = join(dir, "big.txt");
    writeFileSync(path, "Clashes in Hama.\n".repeat(200));
    await expect(acquireFile(path, acquireOptions({ maxBytes: 1000 }))).rejects.toThrow(
      `${path}: input is 3.3 KB (3400 bytes), over the limit of 1000 bytes, set by MAX_INPUT_BYTES`,
    );
  });

  it("reads .html files as HTML and other names by sniffing", async () => {
    const page = `<p>${"Army units advanced near Morek in the northern countryside of Hama on Sunday. ".repeat(3)}</p>`;
    writeFileSync(join(dir, "item.html"), page);
    writeFileSync(join(dir, "item.txt"), page);
    expect((await acquireFile(join(dir, "item.html"), acquireOptions())).format).toBe("html");
    const asText = await acquireFile(join(dir, "item.txt"), acquireOptions());
    expect(asText.format).toBe("text");
    expect(asText.blocks[0].text.startsWith("<p>Army units")).toBe(true);
    writeFileSync(join(dir, "saved-page"), `<!DOCTYPE html><html><body>${page}</body></html>`);
    expect((await acquireFile(join(dir, "saved-page"), acquireOptions())).format).toBe("html");
  });

  it("names the origin as given in the document", async () => {
    const path = join(dir, "note.txt");
    writeFileSync(path, "Shelling on Ariha.\n");
    expect((await acquireFile(path, acquireOptions())).origin).toBe(path);
  });
});
