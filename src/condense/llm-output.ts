/**
 * The shapes the model must answer in: JSON schemas sent as `response_format` (strict), and the zod
 * parsers that read the answer back. An answer that is not JSON or not in shape parses to undefined,
 * which the condenser treats like a failed verification.
 */
import { z } from "zod";
import type { JsonSchemaFormat } from "./llm-client.ts";
import type { DraftItem } from "./verify.ts";

/** Items of one report's condensation: `{ items: [{ text, cites, terms }] }`. */
export const CONDENSE_FORMAT: JsonSchemaFormat = {
  name: "condensation",
  schema: {
    type: "object",
    additionalProperties: false,
    required: ["items"],
    properties: {
      items: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["text", "cites", "terms"],
          properties: {
            text: { type: "string", description: "One short neutral sentence naming the source." },
            cites: { type: "array", items: { type: "integer" }, description: "Indexes of the paragraphs it rests on." },
            terms: { type: "array", items: { type: "string" }, description: "The source's loaded words kept in quotes." },
          },
        },
      },
    },
  },
};

/** Sentences of a cross-source overview: `{ sentences: [{ text, items }] }`. */
export const OVERVIEW_FORMAT: JsonSchemaFormat = {
  name: "overview",
  schema: {
    type: "object",
    additionalProperties: false,
    required: ["sentences"],
    properties: {
      sentences: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["text", "items"],
          properties: {
            text: { type: "string", description: "One short neutral sentence naming the sources it compares." },
            items: { type: "array", items: { type: "integer" }, description: "Ids of the statements it rests on." },
          },
        },
      },
    },
  },
};

const condenseSchema = z.object({
  items: z.array(z.object({ text: z.string(), cites: z.array(z.number().int()), terms: z.array(z.string()).default([]) })),
});
const overviewSchema = z.object({ sentences: z.array(z.object({ text: z.string(), items: z.array(z.number().int()) })) });

/** The items of a condensation answer, or undefined when it is not JSON in the expected shape. */
export function parseCondensation(content: string): DraftItem[] | undefined {
  return parseJson(content, condenseSchema)?.items;
}

/** The sentences of an overview answer (as drafts citing statement ids), or undefined when malformed. */
export function parseOverview(content: string): DraftItem[] | undefined {
  return parseJson(content, overviewSchema)?.sentences.map((s) => ({ text: s.text, cites: s.items }));
}

function parseJson<T>(content: string, schema: z.ZodType<T>): T | undefined {
  let value: unknown;
  try {
    // Some local servers wrap JSON in a Markdown fence even when asked for a schema.
    value = JSON.parse(content.trim().replace(/^```(?:json)?\s*|\s*```$/g, ""));
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
