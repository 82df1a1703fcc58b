/**
 * The one reader of `process.env`. Everything configurable is declared in one zod schema, so
 * `.env.example`, defaults and validation cannot drift apart, and a bad setup lists every problem at once.
 */
import path from "node:path";
import { config as loadDotenv } from "dotenv";
import { z } from "zod";
import { DURATION_HINT, parseDuration } from "./feeds/duration.ts";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const schema = z.object({
  DATA_DIR: z.string().default("./data"),
  STORE_URL: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  MAX_INPUT_BYTES: positiveInt(5 * 1024 * 1024),
  FETCH_TIMEOUT_MS: positiveInt(15_000),
  FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: optionalString,
  DISCORD_API_URL: optionalString.pipe(z.url().optional()),
  OWNER_IDS: optionalString.transform((v) => (v ? v.split(/[\s,]+/).filter(Boolean) : [])),
  ALLOW_PRIVATE_URLS: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.stringbool().default(false)),
  FEED_EVERY: z
    .string()
    .default("15m")
    .refine((v) => parseDuration(v) !== undefined, `expected ${DURATION_HINT}`)
    .transform((v) => parseDuration(v)!),
  FEED_MAX_FAILURES: positiveInt(8),
  FEED_CONCURRENCY: positiveInt(8),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_MODEL: optionalString.transform((v) => v ?? "gpt-4o-mini"),
  LLM_DAILY_TOKEN_BUDGET: positiveInt(1_000_000),
  LLM_MAX_CONCURRENCY: positiveInt(4),
  LLM_TIMEOUT_MS: positiveInt(20_000),
  LLM_USER_COOLDOWN_S: z.coerce.number().int().min(0).default(30),
  DIGEST_GRACE_HOURS: z.coerce.number().int().min(0).max(168).default(12),
  DIGEST_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});

export type Config = {
  dataDir: string;
  /** keyv backend URL: sqlite://…, redis://…, postgresql://… */
  storeUrl: string;
  /** SQLite file for the derived full-text index. */
  searchDbPath: string;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  maxInputBytes: number;
  fetchTimeoutMs: number;
  fetchMaxRedirects: number;
  discord: { token?: string; appId?: string; apiUrl?: string; ownerIds: string[] };
  /** Let `/ingest url:` and feed article links reach private, loopback and link-local addresses (off: SSRF guard). */
  allowPrivateUrls: boolean;
  /** Feed polling: default interval (ms), failures in a row before a feed is disabled, feeds fetched at once. */
  feeds: { everyMs: number; maxFailures: number; concurrency: number };
  /**
   * LLM condensation through an OpenAI-compatible endpoint; off (extractive only) without `apiKey`. Tokens per
   * UTC day, concurrent calls, the deadline of a brief's model work, and seconds between a user's model briefs.
   */
  llm: { apiKey?: string; baseUrl?: string; model: string; dailyTokenBudget: number; maxConcurrency: number; timeoutMs: number; userCooldownS: number };
  /**
   * Daily digests: how late a missed digest is still posted after downtime (hours), and how long a
   * scheduler's claim on a subscription lasts without renewal (seconds; what a crashed process blocks).
   */
  digest: { graceHours: number; leaseSeconds: number };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Reads `.env` (when present) and the given environment, validates everything, and returns a typed config.
 * Throws a ConfigError naming every bad variable and what it expects.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenv?: boolean } = {}): Config {
  if (options.dotenv !== false && env === process.env) loadDotenv({ quiet: true });
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    dataDir,
    storeUrl: e.STORE_URL ?? `sqlite://${path.join(dataDir, "sitrep.sqlite")}`,
    searchDbPath: path.join(dataDir, "search.sqlite"),
    logLevel: e.LOG_LEVEL,
    maxInputBytes: e.MAX_INPUT_BYTES,
    fetchTimeoutMs: e.FETCH_TIMEOUT_MS,
    fetchMaxRedirects: e.FETCH_MAX_REDIRECTS,
    discord: {
      token: e.DISCORD_TOKEN,
      appId: e.DISCORD_APP_ID,
      apiUrl: e.DISCORD_API_URL,
      ownerIds: e.OWNER_IDS,
    },
    allowPrivateUrls: e.ALLOW_PRIVATE_URLS,
    feeds: { everyMs: e.FEED_EVERY, maxFailures: e.FEED_MAX_FAILURES, concurrency: e.FEED_CONCURRENCY },
    llm: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      dailyTokenBudget: e.LLM_DAILY_TOKEN_BUDGET,
      maxConcurrency: e.LLM_MAX_CONCURRENCY,
      timeoutMs: e.LLM_TIMEOUT_MS,
      userCooldownS: e.LLM_USER_COOLDOWN_S,
    },
    digest: { graceHours: e.DIGEST_GRACE_HOURS, leaseSeconds: e.DIGEST_LEASE_SECONDS },
  };
}

/** A config for tests and tools: defaults, with `dataDir` and any overrides applied. Reads no environment. */
export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", ...env }, { dotenv: false });
}
