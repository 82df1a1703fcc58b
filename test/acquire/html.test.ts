import { describe, expect, it } from "vitest";
import { acquireBytes, acquireFile } from "../../src/acquire/index.ts";
import { acquireOptions } from "./fake-sources.ts";

const FIXTURES = "test/fixtures/acquire";
const html = (s: string) => Buffer.from(s, "utf8");

describe("HTML articles", () => {
  it("extracts a WordPress repost: article paragraphs in order, chrome gone, reader comments kept as boilerplate", async () => {
    const doc = await acquireFile(`${FIXTURES}/wordpress-repost.html`, acquireOptions());
    const content = doc.blocks.filter((b) => !b.boilerplate).map((b) => b.text);
    expect(content.map((t) => t.slice(0, 40))).toEqual([
      "Syrian Army Restores Security to Aleppo ",
      "DAMASCUS, Dec. 22 (SANA) – The General C",
      "In a statement, the General Command said",
      "The Command affirmed that the army will ",
      "Homs countryside",
      "Army units destroyed positions and vehic",
      "The source added that the air force carr",
    ]);
    // A single <br> is a line break inside the paragraph, not a new paragraph.
    expect(content[6]).toBe(
      "The source added that the air force carried out intensive sorties on ISIS positions around the T4 airport and in the vicinity of Palmyra city.",
    );
    expect(content.join(" ")).not.toMatch(/Share this|Like this|Recent Posts|Blog at WordPress|Posted in/);

    const comment = doc.blocks.find((b) => b.text.startsWith("Finally the people of Aleppo"));
    expect(comment).toMatchObject({ boilerplate: true });
    const reply = doc.blocks.find((b) => b.text.startsWith("Leave a Reply"));
    expect(reply).toMatchObject({ boilerplate: true });
    const lastContent = doc.blocks.findLastIndex((b) => !b.boilerplate);
    expect(doc.blocks.indexOf(comment!)).toBeGreaterThan(lastContent);
  });

  it("emits section headings as blocks that start a new story", async () => {
    const doc = await acquireFile(`${FIXTURES}/wordpress-repost.html`, acquireOptions());
    expect(doc.blocks.find((b) => b.text === "Homs countryside")).toMatchObject({ boilerplate: false, breakBefore: true });
  });

  it("reads title, canonical URL, publication date and site name from the page", async () => {
    const doc = await acquireFile(`${FIXTURES}/wordpress-repost.html`, acquireOptions());
    expect(doc).toMatchObject({
      format: "html",
      title: "Syrian Army Restores Security to Aleppo City",
      url: "https://levantwatch.wordpress.com/2016/12/23/syrian-army-restores-security-to-aleppo-city/",
      publishedAt: "2016-12-23T08:15:42.000Z",
      publishedAtEstimated: false,
      sourceId: "sana",
      sourceBy: "dateline",
      sourceName: "Levant Watch",
    });
  });

  it("extracts a news-site page with JSON-LD metadata; flags the ad, drops related articles and cookie banner", async () => {
    const doc = await acquireFile(`${FIXTURES}/news-site.html`, acquireOptions());
    expect(doc).toMatchObject({
      title: "Opposition factions leave the last pockets of eastern Aleppo",
      url: "https://english.enabbaladi.net/archives/2016/12/opposition-factions-leave-eastern-aleppo/",
      publishedAt: "2016-12-22T16:40:00.000Z",
      sourceId: "enab-baladi",
      sourceBy: "metadata",
      sourceName: "Enab Baladi",
    });
    const content = doc.blocks.filter((b) => !b.boilerplate).map((b) => b.text);
    expect(content[0]).toBe("Opposition factions leave the last pockets of eastern Aleppo");
    expect(content[1].startsWith("Idlib (Enab Baladi) – The last convoys")).toBe(true);
    expect(content).toContain("Reactions");
    expect(content).toContain("The United Nations called for international monitors to oversee the evacuation of the remaining civilians.");
    expect(content.some((t) => t.startsWith("“We left everything behind"))).toBe(true);
    expect(content.join(" ")).not.toMatch(/Related articles|Regime forces advance in Eastern Ghouta|cookies|Copyright|Most read/);
    expect(doc.blocks.find((b) => b.text === "Advertisement")).toMatchObject({ boilerplate: true, reason: "advertisement" });
    expect(content.at(-1)!.startsWith("The regime’s media described")).toBe(true);
  });

  it("flags reader comments that survive extraction inside the article", async () => {
    const page = `<html><head><title>Shelling in Ariha</title></head><body><article>
      <p>${"Shelling by regime forces hit residential neighbourhoods of Ariha in the southern countryside of Idlib on Monday, killing three civilians and wounding eleven. ".repeat(2)}</p>
      <p>${"Civil Defense teams said they pulled two children from the rubble of a house near the market in Ariha after the shelling stopped in the evening. ".repeat(2)}</p>
      <h3>4 Comments</h3>
      <p>Samir says: March 3, 2018 at 6:40 pm</p>
      <p>My family in Ariha is safe, thank God, but the house next door in Ariha is gone, the whole street near the market is destroyed.</p>
    </article></body></html>`;
    const doc = await acquireBytes(html(page), "page", { ...acquireOptions(), contentType: "text/html" });
    const comment = doc.blocks.find((b) => b.text.startsWith("My family in Ariha"));
    expect(comment).toMatchObject({ boilerplate: true });
    expect(doc.blocks.filter((b) => !b.boilerplate)).toHaveLength(2);
  });

  it("reads an HTML fragment (a feed item) and splits paragraphs at double <br>", async () => {
    const item =
      "<p>Army units advanced near Kafr Nabudah in the northern countryside of Hama.<br><br>Clashes continued near al-Lataminah.</p><ul><li>Two villages taken</li></ul>";
    const doc = await acquireBytes(html(item), "feed item", { ...acquireOptions(), contentType: "text/html; charset=utf-8" });
    expect(doc.format).toBe("html");
    expect(doc.blocks.map((b) => b.text)).toEqual([
      "Army units advanced near Kafr Nabudah in the northern countryside of Hama.",
      "Clashes continued near al-Lataminah.",
      "Two villages taken",
    ]);
  });

  it("sniffs HTML without a content type or extension, and keeps '<' prose as text", async () => {
    const page = "<!-- saved -->\n<!DOCTYPE html><html><head><title>T</title></head><body><p>Clashes near Morek in Hama.</p></body></html>";
    expect((await acquireBytes(html(page), "stdin", acquireOptions())).format).toBe("html");
    const prose = "<Breaking> Clashes near Morek in Hama.\nMore later.";
    const doc = await acquireBytes(html(prose), "stdin", acquireOptions());
    expect(doc.format).toBe("text");
    expect(doc.blocks[0].text).toBe("<Breaking> Clashes near Morek in Hama.");
  });

  it("strips the site name from the title only when it matches og:site_name", async () => {
    const page = (title: string) =>
      `<html><head><title>${title}</title><meta property="og:site_name" content="SANA"></head><body><p>${"Army units restored security to the city of Deir Ezzor after clashes with ISIS terrorists. ".repeat(3)}</p></body></html>`;
    expect((await acquireBytes(html(page("Army liberates Deir Ezzor | SANA")), "p", acquireOptions())).title).toBe("Army liberates Deir Ezzor");
    expect((await acquireBytes(html(page("Deir Ezzor - the last battle")), "p", acquireOptions())).title).toBe("Deir Ezzor - the last battle");
  });

  it("falls back to <time datetime> and date metas for the publication date", async () => {
    const body = `<p>${"Turkish-backed factions shelled positions of the SDF near Tal Rifaat in the northern countryside of Aleppo. ".repeat(3)}</p>`;
    const timed = `<html><head><title>T</title></head><body><article><time datetime="2018-03-04T10:00:00Z">4 March</time>${body}</article></body></html>`;
    expect((await acquireBytes(html(timed), "p", acquireOptions())).publishedAt).toBe("2018-03-04T10:00:00.000Z");
    const meta = `<html><head><title>T</title><meta name="date" content="2018-03-05"></head><body>${body}</body></html>`;
    expect((await acquireBytes(html(meta), "p", acquireOptions())).publishedAt).toBe("2018-03-05T00:00:00.000Z");
    const dcterms = `<html><head><title>T</title><meta name="dcterms.date" content="2019-07-10T00:00-04:00"></head><body>${body}</body></html>`;
    expect((await acquireBytes(html(dcterms), "p", acquireOptions())).publishedAt).toBe("2019-07-10T04:00:00.000Z");
  });

  it("reads a date printed on the page when there is no date metadata, but not one in a comment or the footer", async () => {
    const body = `<p>${"Turkish drones struck a power station near Derik in the Hasakah countryside, cutting electricity to dozens of villages. ".repeat(3)}</p>`;
    const page = (date: string) => `<html><head><title>T</title></head><body>${date}<article>${body}</article></body></html>`;
    const shown = await acquireBytes(html(page(`<div class="news-date"><i class="fa"></i> 20 Nov 2022, Sun - 11:48</div>`)), "p", acquireOptions());
    expect(shown).toMatchObject({ publishedAt: "2022-11-20T00:00:00.000Z", publishedAtEstimated: false });
    const footer = await acquireBytes(html(page(`<footer><span class="date">1 January 2020</span></footer>`)), "p", acquireOptions());
    expect(footer.publishedAtEstimated).toBe(true);
  });

  it("refuses a page with no article text", async () => {
    await expect(acquireFile(`${FIXTURES}/malformed.html`, acquireOptions())).rejects.toThrow(
      `${FIXTURES}/malformed.html: no article text found`,
    );
    await expect(acquireBytes(html("<html><body><div><p></div></body>"), "page", acquireOptions())).rejects.toThrow(
      "page: no article text found",
    );
  });

  it("opens with the post's headline, not the blog's name, and reads a table row as one line", async () => {
    const prose = (n: number) =>
      `<p>Paragraph ${n}: displacement continued across the north-west this week, with families moving from camps near Atmeh towards Afrin and al-Bab as prices rose and aid deliveries slowed again.</p>`;
    const page = `<!doctype html><html><head><title>Camps flood near Atmeh – Syria Desk</title>
      <meta property="og:site_name" content="Syria Desk"></head><body>
      <header><h1 class="site-title">Syria Desk</h1><nav><ul><li>Home</li><li>About</li></ul></nav></header>
      <article><h1 class="entry-title">Camps flood near Atmeh</h1><div class="entry-content">
      ${[1, 2, 3, 4].map(prose).join("")}
      <table><tr><th>Governorate</th><th>IDPs</th></tr><tr><td>Idleb</td><td>1,715,600</td></tr></table>
      </div></article></body></html>`;
    const doc = await acquireBytes(html(page), "page.html", acquireOptions());
    const content = doc.blocks.filter((b) => !b.boilerplate).map((b) => b.text);
    expect(doc.title).toBe("Camps flood near Atmeh");
    expect(content[0]).toBe("Camps flood near Atmeh");
    expect(content).not.toContain("Syria Desk");
    expect(content.slice(-2)).toEqual(["Governorate IDPs", "Idleb 1,715,600"]);
  });

  it("keeps the subhead, a 'Key points' box and a sub-heading that repeats the title's words", async () => {
    const prose = (n: number) =>
      `<p>Paragraph ${n}: clashes went on around Sweida city through the night, residents said, as government forces and Druze fighters traded fire near the western entrance of the city.</p>`;
    const page = `<!doctype html><html><head><title>Clashes rage in Sweida</title></head><body>
      <div class="article-header"><h1>Clashes rage in Sweida</h1>
      <p class="article__subhead">Government forces and Druze fighters trade fire for a fourth day.</p>
      <div class="key-points"><h2>Key points</h2><ul><li>Death toll in Sweida rises to 248</li></ul></div></div>
      <article>${[1, 2].map(prose).join("")}<h2>Why Sweida rages</h2>${[3, 4].map(prose).join("")}</article></body></html>`;
    const content = (await acquireBytes(html(page), "page.html", acquireOptions())).blocks.filter((b) => !b.boilerplate).map((b) => b.text);
    expect(content).toEqual(expect.arrayContaining(["Government forces and Druze fighters trade fire for a fourth day.", "Key points", "Death toll in Sweida rises to 248", "Why Sweida rages"]));
    // A live page's summary box sits in the page header, away from the entries Readability keeps.
    const live = await acquireFile("test/fixtures/holdout-html5/middleeasteye-2025-07-16-live-sweida-damascus-golan-lebanon.html", acquireOptions());
    expect(live.blocks.filter((b) => !b.boilerplate).map((b) => b.text)).toEqual(
      expect.arrayContaining(["Key points", "Hundreds of Druze cross the frontier from the occupied Golan Heights"]),
    );
  });
});
