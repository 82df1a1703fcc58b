import { describe, expect, it } from "vitest";
import { classifyBoilerplate } from "../../src/acquire/boilerplate.ts";
import { acquireFile } from "../../src/acquire/index.ts";
import { acquireOptions } from "./fake-sources.ts";

const PROSE =
  "Army units repelled an attack by militants on positions near the town of Morek in the northern countryside of Hama on Sunday, a military source said.";

function flags(lines: string[]): (string | false)[] {
  return classifyBoilerplate(lines.map((text) => ({ text }))).map((b) => (b.boilerplate ? b.reason! : false));
}

describe("boilerplate classification", () => {
  it("flags WordPress furniture, related posts, post meta and reader comments in a blog text", async () => {
    const doc = await acquireFile("test/fixtures/acquire/blog-reader-comments.txt", acquireOptions());
    const content = doc.blocks.filter((b) => !b.boilerplate).map((b) => b.text.slice(0, 30));
    expect(content).toEqual([
      "Airstrikes hit market in Idlib",
      "At least 14 civilians were kil",
      "Rescue workers pulled survivor",
      "The monitor said the toll was ",
    ]);
    const comment = doc.blocks.find((b) => b.text.startsWith("My cousin lives near the market"));
    expect(comment).toMatchObject({ boilerplate: true });
    expect(doc.blocks.find((b) => b.text === "Shelling kills five in Ariha")).toMatchObject({ boilerplate: true, reason: "related links" });
    expect(doc.blocks.at(-1)).toMatchObject({ text: "Copyright © 2018 Syria Desk. All rights reserved.", boilerplate: true });
  });

  it("treats everything after a comment-section heading as boilerplate, place names or not", () => {
    for (const heading of ["3 thoughts on “Army retakes Aleppo”", "Comments (12)", "Leave a Reply", "One Response to Aleppo"]) {
      const result = flags([PROSE, heading, "Abu Hassan", PROSE, "The same happened in Douma last year, my brother was there."]);
      expect(result[0]).toBe(false);
      expect(result.slice(1).every(Boolean)).toBe(true);
    }
  });

  it("opens the comment section at a reader's byline with a date", () => {
    const result = flags([PROSE, "Samir says: March 3, 2018 at 6:40 pm", PROSE]);
    expect(result).toEqual([false, "reader comment", "comment section"]);
  });

  it("never lets a comment link above the article swallow it", () => {
    const result = flags(["Army retakes Aleppo", "Leave a comment", PROSE, PROSE]);
    expect(result).toEqual([false, "comment form", false, false]);
  });

  it("treats everything after an Endnotes heading as boilerplate", () => {
    const result = flags([PROSE, "Endnotes", "[1] https://t.me/example/1", "ISW, Iran Update, January 22, 2024, Idlib and Aleppo."]);
    expect(result).toEqual([false, "endnotes", "endnotes", "endnotes"]);
  });

  it("flags headline-sized lines after a Related heading until prose resumes", () => {
    const result = flags([PROSE, "Related", "Shelling kills five in Ariha", "March 1, 2018", PROSE, "Deir Ezzor-Quneitra"]);
    expect(result).toEqual([false, "related links", "related links", "date line", false, false]);
  });

  it("flags share rows, button words, copyright, cookie notices, ads and credit lines", () => {
    const furniture = [
      "Share this:",
      "Click to share on WhatsApp (Opens in new window)",
      "Share on Facebook",
      "Twitter",
      "Like Loading...",
      "Follow us on Telegram",
      "Subscribe",
      "Read more",
      "5 Comments",
      "Posted in Syria | Tagged Aleppo, SANA",
      "Copyright © 2016 Fars News Agency",
      "All rights reserved.",
      "This website uses cookies to improve your experience. By continuing you agree to our use of cookies.",
      "Advertisement",
      "Notify me of new posts via email.",
      "Fill in your details below or click an icon to log in:",
      "Reporting by Ellen Francis; Editing by Giles Elgood",
      "R. Haddad / L. Mansour",
      "This piece was first published in the author’s newsletter. Reposted with permission.",
      "By Abdullah al-Jabassini | December 3, 2019",
      "Authors: Dana Whitfield, Omar Haddad, and Michael Brennan",
      "Click here to see the interactive map of northern Syria.",
      "For further information, please contact: Communications Officer, OCHA Syria, Damascus",
      "The boundaries and names shown on this map do not imply official endorsement or acceptance by the United Nations.",
      "[3] https://t.me/example_channel/12345",
    ];
    const result = flags([PROSE, ...furniture]);
    expect(result.slice(1).map((r, i) => [furniture[i], Boolean(r)])).toEqual(furniture.map((f) => [f, true]));
  });

  it("flags bylines, desk codes, date lines, sign-ups and site chrome in the forms outlets print them", () => {
    const furniture = [
      "By Karim ABOU SAAB with Lina HADDAD in Beirut",
      "By Levant24 Staff",
      "Ghossoun Mahmoud / Hala Zain",
      "Tom Weller & Amira Nassar, BBC News",
      "Sardar Ahmed | Kurdistan24 | 23 Jan 2022",
      "(Z.Q/H.E)",
      "burs-lk/jsa",
      "Tuesday, 22 March, 2022 - 06:15",
      "February 28, 17:40 UTC+3",
      "December 7, 2024 11:42 AM GMT+3 Updated 3 hours ago",
      "17-10-2019",
      "June 14, 2025 | 5 min read",
      "SOHR | Saturday, November 23, 2024",
      "Follow Al Jazeera English:",
      "Sign up for Al Jazeera Weekly Newsletter",
      "Comments are closed for this article.",
      "Load more news",
      "Get the app | Terms of Use | Privacy Policy | © 2021 Liveuamap",
      "Purchase Licensing Rights, opens new tab",
      "Al-Masdar News will continue to provide updates on the Aleppo offensive as they become available.",
      "Department of Public Information • News and Media Division • New York",
      "7919th Meeting (AM)",
      "SC/12784",
      "DAILY SABAH WITH AA | ISTANBUL | NOV 21, 2022 - 3:48 PM GMT+3",
      "Zaman al-Wasl- Exclusive | 2019-05-22 10:41:00",
      "Last updated 18:05 GMT, March 8, 2025",
      "Sara Khalil in Homs and Lina Saad in Beirut",
      "Enab Baladi – Idlib",
      "Note: figures are preliminary and based on open-source and local reporting.",
      "For humanitarian coordination use only – not for redistribution.",
      "Posted Sept. 1, 2023 | Updated 4:12 p.m.",
      "Mon 2 Mar 2020 06.00 GMT",
      "CORRECTION: An earlier version of this story misstated the province.",
      "Keep reading",
      "Published Nov. 30, 2024, 5:42 am EST | Updated Nov. 30, 2024, 8:05 am EST",
      "Read next: The Bakers of Eastern Ghouta",
      "The interview has been lightly edited for length and clarity.",
      "Region / Country: Middle East/North Africa, Syria",
      "Your tax deductible gift can help stop human rights violations.",
      "Replying to @LevantGeoINT: Morek is in Hama",
      "Source: author’s interviews; ACLED data for January–February 2025.",
      "list 1 of 3 Syria’s al-Sharaa forms committee to investigate coastal violence",
    ];
    expect(flags([PROSE, ...furniture]).map((f) => f !== false)).toEqual([false, ...furniture.map(() => true)]);
  });

  it("leaves news sentences alone that merely start like furniture", () => {
    const news = [
      "Follow-up talks between Russian and Turkish officers were held in Astana on Monday.",
      "Related clashes broke out in Jisr al-Shughour, the monitor said.",
      "Comments by the foreign minister drew criticism in Ankara.",
      "Share of displaced families in Idlib camps rose to 60 percent.",
      "The ministry said on December 22, 2016 that the road had reopened.",
      "Published figures show 120 civilians killed in Hama in March.",
      "Deir Ezzur-Quneitra",
      "Idlib Province:",
      "Join the army, the posters in Latakia urge young men.",
      "The report says:",
      "Reply from Damascus came two days later.",
      "By late Tuesday, troops had entered the town of Saraqib.",
      "By Monday, the army had advanced into Khan Sheikhoun",
      "Sources said the army advanced on Maarat al-Numan.",
      "References to the Astana deal were removed from the statement.",
      "Live updates | Monday, March 14, 2022",
      "Clashes Erupt in Atmeh, Syria",
      "By 2019, the government had retaken most of the south.",
      "Turkish forces will continue to shell SDF positions, Ankara said, as updates came in from the front.",
      "Follow-up: the army said its units will provide updates on the operation in Hama",
      "Renewed Clashes in Idlib and Heavy Shelling in Hama",
      "Notes from the front line in Idlib were shared with reporters.",
      "Enab Baladi – the opposition paper – reported shelling in Idlib on Monday.",
    ];
    expect(flags([PROSE, ...news])).toEqual([false, ...news.map(() => false)]);
  });

  it("keeps each flagged block's text and its story break", () => {
    const [block] = classifyBoilerplate([{ text: "Share this:", breakBefore: true }]);
    expect(block).toEqual({ text: "Share this:", boilerplate: true, reason: "share buttons", breakBefore: true });
  });
});
