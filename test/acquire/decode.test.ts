import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { acquireBytes, acquireFile } from "../../src/acquire/index.ts";
import { acquireOptions } from "./fake-sources.ts";

const FIXTURES = "test/fixtures/acquire";

async function refusal(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("decoding input", () => {
  it("decodes a windows-1256 Arabic text", async () => {
    const doc = await acquireFile(`${FIXTURES}/sana-arabic-windows-1256.txt`, acquireOptions());
    expect(doc.blocks).toHaveLength(3);
    expect(doc.blocks[0].text.startsWith("دمشق، 22 كانون الأول (سانا)")).toBe(true);
    expect(doc.blocks[0].text).toContain("مدينة حلب");
  });

  it("decodes UTF-16 with a BOM, both byte orders, and UTF-16LE without one", async () => {
    const doc = await acquireFile(`${FIXTURES}/sohr-utf16le-bom.txt`, acquireOptions());
    expect(doc.blocks.map((b) => b.text.slice(0, 25))).toEqual([
      "The Syrian Observatory fo",
      "Regime warplanes carried ",
      "In Deir Ezzor, clashes co",
    ]);
    expect(doc.blocks[2].breakBefore).toBe(true);
    const line = "Shelling on Jisr al-Shughour killed two civilians.";
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(line, "utf-16be")]);
    expect((await acquireBytes(be, "stdin", acquireOptions())).blocks[0].text).toBe(line);
    expect((await acquireBytes(iconv.encode(line, "utf-16le"), "stdin", acquireOptions())).blocks[0].text).toBe(line);
  });

  it("decodes ISO-8859-1 and windows-1252 text and strips a UTF-8 BOM", async () => {
    const doc = await acquireFile(`${FIXTURES}/afp-latin1.txt`, acquireOptions());
    expect(doc.blocks[0].text.startsWith("DAMAS, 22 décembre 2016 (AFP) - L'armée syrienne")).toBe(true);
    const quoted = "Le régime parle de « libération » ; l’opposition dénonce un “déplacement forcé” à Alep — selon l’AFP.";
    const cp1252 = await acquireBytes(iconv.encode(quoted, "windows-1252"), "page", { ...acquireOptions(), contentType: "text/plain; charset=iso-8859-1" });
    expect(cp1252.blocks[0].text).toBe(quoted);
    const bom = await acquireBytes(Buffer.from("\uFEFFHama: clashes near Morek.", "utf8"), "stdin", acquireOptions());
    expect(bom.blocks[0].text).toBe("Hama: clashes near Morek.");
  });

  it("honours a charset from the Content-Type or a <meta charset> when the bytes are not UTF-8", async () => {
    const arabic = "اشتباكات في ريف إدلب الجنوبي بين الجيش والفصائل المسلحة";
    const plain = await acquireBytes(iconv.encode(arabic, "windows-1256"), "feed", {
      ...acquireOptions(),
      contentType: "text/plain; charset=windows-1256",
    });
    expect(plain.blocks[0].text).toBe(arabic);
    const page = `<html><head><meta charset="windows-1256"><title>خبر</title></head><body><p>${arabic}</p></body></html>`;
    const html = await acquireBytes(iconv.encode(page, "windows-1256"), "page.html", acquireOptions());
    expect(html.blocks[0].text).toBe(arabic);
  });

  it("reads UTF-8 with a broken sequence or two as UTF-8, not as a legacy code page", async () => {
    const good = Buffer.from("Dar’a – “reconciliation” talks in Tafas resumed on Monday, the Hawran committee said.", "utf8");
    const damaged = Buffer.concat([good, Buffer.from([0xe2, 0x80]), Buffer.from(" More.", "utf8")]);
    const doc = await acquireBytes(damaged, "stdin", acquireOptions());
    expect(doc.blocks[0].text.startsWith("Dar’a – “reconciliation” talks")).toBe(true);
  });

  it("refuses an empty file and a whitespace-only file", async () => {
    expect((await refusal(acquireFile(`${FIXTURES}/empty.txt`, acquireOptions()))).message).toBe(
      `${FIXTURES}/empty.txt: input is empty (0 bytes)`,
    );
    expect((await refusal(acquireFile(`${FIXTURES}/whitespace-only.txt`, acquireOptions()))).reason).toBe(
      "input is empty (only whitespace)",
    );
  });

  it("refuses binary files and says what they look like", async () => {
    expect((await refusal(acquireFile(`${FIXTURES}/report.pdf`, acquireOptions()))).reason).toBe(
      "input looks like a PDF document, not text",
    );
    expect((await refusal(acquireFile(`${FIXTURES}/photo.png`, acquireOptions()))).reason).toMatch(/a PNG image/);
    const zip = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.from("word/document.xml")]);
    expect((await refusal(acquireBytes(zip, "stdin", acquireOptions()))).reason).toMatch(/a ZIP archive/);
    const gz = gzipSync(Buffer.from("Army units advanced in Hama."));
    expect((await refusal(acquireBytes(gz, "stdin", acquireOptions()))).reason).toMatch(/gzip-compressed data/);
    const nul = Buffer.from("Some text\u0000\u0001\u0002 with NUL bytes and more text here", "latin1");
    expect((await refusal(acquireBytes(nul, "stdin", acquireOptions()))).reason).toMatch(/binary data \(it contains NUL bytes\)/);
  });

  it("refuses bytes that are neither UTF-8 nor a recognisable legacy encoding", async () => {
    const error = await refusal(acquireFile(`${FIXTURES}/garbage.bin.txt`, acquireOptions()));
    expect(error.reason).toBe("input is not valid UTF-8 and does not decode as a known text encoding");
  });

  it("refuses text that is mostly replacement or control characters", async () => {
    const mangled = Buffer.from(`${"\uFFFD".repeat(40)} ok ${"\uFFFD".repeat(40)}`, "utf8");
    expect((await refusal(acquireBytes(mangled, "stdin", acquireOptions()))).reason).toMatch(/unreadable characters/);
  });

  it("refuses input over the size limit, naming the size and the limit", async () => {
    const bytes = Buffer.from("Army units advanced. ".repeat(100));
    const error = await refusal(acquireBytes(bytes, "stdin", acquireOptions({ maxBytes: 1024 })));
    expect(error.reason).toBe("input is 2.1 KB (2100 bytes), over the limit of 1.0 KB (1024 bytes), set by MAX_INPUT_BYTES");
  });
});
