/** Report texts for the feed tests: distinct stories about named provinces, and one wire story in two outlets' words. */
import { createRandom } from "../../bench/random.ts";
import type { FakeItem } from "../fakes/fake-feeds.ts";

const PLACES = ["Aleppo", "Idlib", "Homs", "Hama", "Deir ez-Zor", "Raqqa", "Daraa", "Latakia"];
const WHO = ["Residents", "Medical workers", "Local activists", "Council members", "Witnesses", "Aid workers", "Teachers", "Farmers", "Journalists", "Shop owners"];
const SAID = ["reported", "described", "complained about", "warned of", "filmed", "counted", "denied", "confirmed"];
const WHAT = ["heavy shelling", "a bread shortage", "power cuts", "new checkpoints", "a cholera outbreak", "burnt fields", "road closures", "arrests of young men", "water cuts", "a fuel queue"];
const WHEN = ["on Tuesday morning", "late on Sunday", "overnight", "during Friday prayers", "before dawn", "at noon on Monday", "for the third day", "since the weekend"];
const WHERE = ["in the old market", "near the grain silos", "along the southern bypass", "around the university", "in the eastern districts", "by the main bakery", "outside the hospital", "on the airport road"];
const AFTER = ["prices doubled", "schools closed", "families left", "shops stayed shut", "a curfew began", "buses stopped running", "the clinic ran out of insulin", "officials promised help"];

/**
 * A distinct story (four paragraphs) about one province; `n` picks the place and seeds the wording, so two
 * stories share almost no five-word sequence (they must not look like copies of each other).
 */
export function story(n: number): { place: string; paragraphs: string[] } {
  const place = PLACES[n % PLACES.length];
  const r = createRandom(1000 + n);
  const sentence = () => `${r.pick(WHO)} in ${place} ${r.pick(SAID)} ${r.pick(WHAT)} ${r.pick(WHEN)} ${r.pick(WHERE)}, and ${r.pick(AFTER)} (${r.int(2, 90)} people, report ${n}).`;
  return { place, paragraphs: [0, 1, 2, 3].map(() => `${sentence()} ${sentence()}`) };
}

/** One HTML body for an item's content:encoded / Atom content. */
export const html = (paragraphs: string[]) => paragraphs.map((p) => `<p>${p}</p>`).join("\n");

/** An item carrying the full story in its content. */
export function fullItem(n: number, base: string, date = "2026-11-24T09:00:00Z"): FakeItem {
  const s = story(n);
  return { guid: `story-${n}`, title: `Incident ${n} in ${s.place}`, link: `${base}/news/${n}`, date, summary: s.paragraphs[0].slice(0, 120), content: html(s.paragraphs) };
}

/** The same AFP wire story as two outlets print it: own headline, own first and last lines, the same body. */
export const WIRE_BODY = [
  "Turkish drones struck positions of Kurdish-led forces near the town of Ain Issa in Raqqa province on Monday, killing at least four fighters, a war monitor said.",
  "The strikes hit a checkpoint and two vehicles on the M4 highway that links the north-east of the country to Aleppo, the monitor added in a statement issued late in the evening.",
  "A spokesman for the Kurdish-led forces accused Ankara of escalating its campaign against civilian infrastructure and said that power stations had been hit the week before.",
  "Turkey considers the main Kurdish militia in the alliance a terrorist group linked to insurgents inside its own borders and has launched several offensives since 2016.",
  "Hundreds of families have fled villages along the front line in recent weeks, according to aid groups working in the region, which warned of shortages of fuel and bread.",
];

export function wireCopy(outlet: string, headline: string): string[] {
  return [`${headline} — ${outlet} with AFP`, ...WIRE_BODY, `This story was first published by Agence France-Presse and republished by ${outlet}.`];
}
