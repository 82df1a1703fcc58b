/** Sentence splitting with the platform's Unicode segmenter (no dependency, handles quotes and abbreviations reasonably). */
const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

export interface Sentence {
  text: string;
  start: number;
}

/** The sentences of a paragraph, trimmed, with their offsets. */
export function sentences(paragraph: string): Sentence[] {
  const out: Sentence[] = [];
  for (const s of segmenter.segment(paragraph)) {
    const text = s.segment.trim();
    if (text) out.push({ text, start: s.index + s.segment.indexOf(text) });
  }
  return mergeAbbreviations(out);
}

// The segmenter splits after "Gen." or "U.S." followed by a capital; glue those back.
const ABBREVIATION = /\b(?:Gen|Col|Lt|Maj|Capt|Sgt|Brig|Dr|Mr|Mrs|Ms|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|U\.S|U\.N|U\.K|approx|vs|Sheikh)\.$/;

function mergeAbbreviations(list: Sentence[]): Sentence[] {
  const out: Sentence[] = [];
  for (const s of list) {
    const prev = out[out.length - 1];
    if (prev && ABBREVIATION.test(prev.text)) prev.text = `${prev.text} ${s.text}`;
    else out.push({ ...s });
  }
  return out;
}
