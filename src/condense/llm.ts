/**
 * The LLM condenser: condenses a report's account of a province with a model, then lets the verifier
 * keep only what the cited paragraphs support. Answers are cached in keyv by model + prompt + input, so a
 * question is asked once however many briefs and digests show it; identical questions in flight are asked
 * once too. Whatever goes wrong — no budget, a user's cooldown, a slow or failing endpoint, an answer that
 * is not JSON or fails verification — the report's extractive condensation is shown instead, with a note
 * saying why. All model work of one brief shares one deadline (`LLM_TIMEOUT_MS`): a brief never waits longer.
 */
import { setMaxListeners } from "node:events";
import type Keyv from "keyv";
import type { Lexicon } from "../analyze/framing.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { RegionPack } from "../registry/regions.ts";
import type { SourceRegistry } from "../registry/sources.ts";
import type { BriefOverview, Condensation, Province } from "../types.ts";
import { condenseExtractive } from "./extractive.ts";
import { createChatClient, ModelUnavailableError } from "./llm-client.ts";
import { createCooldowns, createGate, createTokenBudget } from "./llm-limits.ts";
import { parseCondensation, parseOverview } from "./llm-output.ts";
import { loadPrompts, type Prompts } from "./llm-prompts.ts";
import { condenseRequest, overviewFrom, overviewRequest, type CondenseJob, type ModelRequest, type OverviewGroup, type RequestDeps } from "./llm-requests.ts";
import { verifyItems, type DraftItem } from "./verify.ts";
import { DAY_MS } from "../clock.ts";

export type { CondenseJob, OverviewGroup } from "./llm-requests.ts";

/** The notes a fallback carries; users see them next to "extractive". */
export const FALLBACK_NOTES = {
  unavailable: "model unavailable",
  budget: "budget reached",
  verification: "output failed verification",
  cooldown: (seconds: number) => `cooldown, model briefs again in ${seconds} s`,
};

/** Cached answers outlive the longest brief window (30 days) with room to spare. */
const CACHE_TTL = 60 * DAY_MS;
/** The SDK retries 429 and 5xx this many times, with back-off, within the deadline. */
const MAX_RETRIES = 2;

export type LlmSettings = Config["llm"] & { apiKey: string };

export interface LlmDeps {
  kv: Keyv;
  logger: Logger;
  clock: Clock;
  lexicon: Lexicon;
  regions: RegionPack;
  sources: Pick<SourceRegistry, "get">;
  /** Prompt templates; default: read from `prompts/`. */
  prompts?: Prompts;
}

export interface LlmSession {
  /** One condensation per job, in order: the model's when it passes, else the extractive one with a note. */
  condense(jobs: CondenseJob[]): Promise<Condensation[]>;
  /** A cross-source overview of the brief's items, or undefined (fewer than two sources, or nothing verified). */
  overview(province: Province, groups: OverviewGroup[]): Promise<BriefOverview[] | undefined>;
}

export interface LlmCondenser {
  readonly model: string;
  /**
   * The model work of one brief: one deadline from now, and, for an on-demand brief by `requester`, one
   * cooldown check (started only when the brief needs a model call that is not cached).
   */
  session(options?: { requester?: string }): LlmSession;
}

/** A model answer (`cached` when read from the store), or why there is none. */
type Answer = { ok: true; content: string; cached: boolean } | { ok: false; note: string; detail: string };

interface CachedAnswer {
  content: string;
  model: string;
  tokens: number;
  at: string;
}

/** Builds the condenser for a configured endpoint (see `Config.llm`). */
export function createLlmCondenser(settings: LlmSettings, deps: LlmDeps): LlmCondenser {
  const client = createChatClient({ apiKey: settings.apiKey, baseUrl: settings.baseUrl, model: settings.model, timeoutMs: settings.timeoutMs, maxRetries: MAX_RETRIES });
  const prompts = deps.prompts ?? loadPrompts();
  const budget = createTokenBudget(deps.kv, deps.clock, settings.dailyTokenBudget);
  const cooldowns = createCooldowns(deps.kv, deps.clock, settings.userCooldownS);
  const gate = createGate(settings.maxConcurrency);
  const inflight = new Map<string, Promise<Answer>>();
  const requestDeps: RequestDeps = { model: settings.model, tools: { lexicon: deps.lexicon, regions: deps.regions }, sources: deps.sources };
  const tools = requestDeps.tools;
  const log = deps.logger;

  async function call(request: ModelRequest, signal: AbortSignal): Promise<Answer> {
    if (signal.aborted) return failure(FALLBACK_NOTES.unavailable, "deadline reached");
    const estimate = Math.ceil(request.messages.reduce((n, m) => n + m.content.length, 0) / 4) + request.maxTokens;
    const reservation = await budget.reserve(estimate);
    if (!reservation) return failure(FALLBACK_NOTES.budget, `daily token budget of ${settings.dailyTokenBudget} reached`);
    let tokens = 0;
    try {
      const answer = await gate.run(() => client.complete(request.messages, request.format, { maxTokens: request.maxTokens, signal }), signal);
      tokens = answer.tokens;
      const cached: CachedAnswer = { content: answer.content, model: settings.model, tokens, at: deps.clock.now().toISOString() };
      await deps.kv.set(request.key, cached, CACHE_TTL).catch((err: unknown) => log.warn({ err }, "could not cache a model answer"));
      return { ok: true, content: answer.content, cached: false };
    } catch (error) {
      return failure(FALLBACK_NOTES.unavailable, error instanceof ModelUnavailableError ? error.detail : "deadline reached");
    } finally {
      await reservation.settle(tokens).catch((err: unknown) => log.warn({ err }, "could not book model tokens"));
    }
  }

  /** Asks once per key at a time: a second brief needing the same answer waits for the first call. */
  function ask(request: ModelRequest, signal: AbortSignal): Promise<Answer> {
    let shared = inflight.get(request.key);
    if (!shared) {
      shared = call(request, signal).finally(() => inflight.delete(request.key));
      inflight.set(request.key, shared);
    }
    return untilAborted(shared, signal);
  }

  /** Verifies drafts and logs each dropped one with its reason (at debug level when the answer was logged before). */
  function verified(request: ModelRequest, drafts: DraftItem[], cached: boolean, about: Record<string, unknown>) {
    const result = verifyItems(drafts, request.passages, request.rules, tools);
    for (const d of result.dropped) log[cached ? "debug" : "info"]({ ...about, reason: d.reason, text: d.text }, "model item dropped by the verifier");
    return result;
  }

  return {
    model: settings.model,
    session(options = {}) {
      const signal = AbortSignal.timeout(settings.timeoutMs);
      // Every call of the brief (and its wait for a slot) listens to this one deadline.
      setMaxListeners(0, signal);
      let cooldown: Promise<string | undefined> | undefined;
      /** The note that blocks new calls for this brief's requester, or undefined (checked and started once). */
      const blockedBy = () =>
        (cooldown ??= (async () => {
          const user = options.requester;
          if (!user) return undefined;
          const left = await cooldowns.remaining(user);
          if (left > 0) return FALLBACK_NOTES.cooldown(left);
          await cooldowns.start(user);
          return undefined;
        })());

      async function answers(requests: ModelRequest[]): Promise<Answer[]> {
        if (!requests.length) return [];
        const cached = await deps.kv.getMany<CachedAnswer>(requests.map((r) => r.key)).catch((err: unknown) => {
          log.warn({ err }, "could not read cached model answers");
          return requests.map(() => undefined);
        });
        const missing = cached.some((c) => !c);
        const blocked = missing ? await blockedBy() : undefined;
        return Promise.all(
          requests.map((request, i): Promise<Answer> | Answer => {
            const hit = cached[i];
            if (hit) return { ok: true, content: hit.content, cached: true };
            if (blocked) return failure(blocked, "user cooldown");
            return ask(request, signal);
          }),
        );
      }

      /** The extractive condensation with `note`; logged as a warning unless it repeats a cached answer's verdict. */
      function fallback(job: CondenseJob, note: string, detail: string, cached = false): Condensation {
        log[cached ? "debug" : "warn"]({ report: job.report.id, province: job.province.code, note, detail }, "condensed extractively instead of by the model");
        const stored = job.report.condensations[job.province.code] ?? condenseExtractive(job.report.paragraphs, job.province.code, deps.lexicon, { title: job.report.title });
        return { ...stored, method: "extractive", note };
      }

      return {
        async condense(jobs) {
          const requests = jobs.map((job) => condenseRequest(job, prompts.condense, requestDeps));
          const asked = requests.filter((r): r is ModelRequest => r !== undefined);
          const replies = new Map(asked.map((r, i) => [r, i]));
          const results = await answers(asked);
          return jobs.map((job, i): Condensation => {
            const request = requests[i];
            const stored = job.report.condensations[job.province.code];
            if (!request) return stored ?? { province: job.province.code, method: "extractive", items: [] };
            const answer = results[replies.get(request)!];
            if (!answer.ok) return fallback(job, answer.note, answer.detail);
            const drafts = parseCondensation(answer.content);
            if (!drafts) return fallback(job, FALLBACK_NOTES.verification, "answer is not JSON in the expected shape", answer.cached);
            const result = verified(request, drafts, answer.cached, { report: job.report.id, province: job.province.code });
            if (!result.enough) return fallback(job, FALLBACK_NOTES.verification, `${result.kept.length} of ${drafts.length} items passed`, answer.cached);
            return { province: job.province.code, method: "llm", model: settings.model, items: result.kept };
          });
        },

        async overview(province, groups) {
          const built = overviewRequest(province, groups, prompts.overview, requestDeps);
          if (!built) return undefined;
          const [answer] = await answers([built.request]);
          const about = { province: province.code, overview: true };
          if (!answer.ok) {
            log.warn({ ...about, note: answer.note, detail: answer.detail }, "no overview");
            return undefined;
          }
          const drafts = parseOverview(answer.content);
          const result = drafts && verified(built.request, drafts, answer.cached, about);
          if (!result?.enough) {
            log.warn({ ...about, detail: drafts ? "too few sentences passed" : "answer is not JSON in the expected shape" }, "no overview");
            return undefined;
          }
          return overviewFrom(result.kept, built.refs);
        },
      };
    },
  };
}

function failure(note: string, detail: string): Answer {
  return { ok: false, note, detail };
}

/** The answer, or a "deadline reached" failure as soon as `signal` aborts (the call itself is aborted too). */
function untilAborted(answer: Promise<Answer>, signal: AbortSignal): Promise<Answer> {
  if (signal.aborted) return Promise.resolve(failure(FALLBACK_NOTES.unavailable, "deadline reached"));
  return new Promise((resolve) => {
    const onAbort = () => resolve(failure(FALLBACK_NOTES.unavailable, "deadline reached"));
    signal.addEventListener("abort", onAbort, { once: true });
    void answer.then((a) => {
      signal.removeEventListener("abort", onAbort);
      resolve(a);
    });
  });
}
