/**
 * A local OpenAI-compatible server on 127.0.0.1: `POST /v1/chat/completions` with bearer auth, answering
 * with a chat completion and usage counts (tokens ≈ characters / 4), as a real endpoint does. What it
 * answers is scripted per request by the test: a JSON answer, raw content (malformed JSON), an HTTP error
 * (429/500, with `retry-after-ms`), or any of these after a delay. Without a script it answers faithfully
 * (`faithfulReply`): the first sentences of the paragraphs it was sent, attributed, loaded terms quoted.
 * It records every request and the most calls it had in flight at once, so tests and the bench count them.
 */
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeChatRequest {
  model: string;
  system: string;
  user: string;
  /** The user message parsed as JSON (Sitrep sends its data as one JSON object), or undefined. */
  data: unknown;
  /** The `response_format` the client asked for. */
  responseFormat: unknown;
  maxTokens?: number;
}

export type FakeReply =
  | { json: unknown; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { content: string }
  | { status: number; retryAfterMs?: number; message?: string }
  | { delayMs: number; then: FakeReply };

export type Responder = (request: FakeChatRequest, n: number) => FakeReply | Promise<FakeReply>;

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export class FakeOpenAI {
  readonly apiKey = "sk-fake-0123456789";
  readonly model = "fake-model";
  /** Every chat completion request, in arrival order (errors and slow ones included). */
  readonly requests: FakeChatRequest[] = [];
  /** Tokens counted over all successful answers. */
  readonly usage: FakeUsage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  /** The most requests it was answering at the same time. */
  maxInFlight = 0;
  private inFlight = 0;
  private queue: FakeReply[] = [];
  private responder: Responder = faithfulReply;
  private server?: http.Server;

  /** The base URL a client uses (`OPENAI_BASE_URL`). */
  get baseUrl(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error("FakeOpenAI is not started");
    return `http://127.0.0.1:${address.port}/v1`;
  }

  /** The environment that points Sitrep at this server. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { OPENAI_API_KEY: this.apiKey, OPENAI_BASE_URL: this.baseUrl, OPENAI_MODEL: this.model, ...extra };
  }

  /** Answers the next requests with these replies, in order; then the responder takes over again. */
  script(...replies: FakeReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** Answers every request (after scripted replies run out) with `responder`. */
  respond(responder: Responder): this {
    this.responder = responder;
    return this;
  }

  /** Forgets requests and usage (not the script). */
  resetCounts(): void {
    this.requests.length = 0;
    Object.assign(this.usage, { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    this.maxInFlight = 0;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") return send(res, 404, { error: { message: "not found", type: "invalid_request_error" } });
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) return send(res, 401, { error: { message: "Incorrect API key provided", type: "invalid_request_error" } });
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      model: string;
      messages: { role: string; content: string }[];
      response_format?: unknown;
      max_tokens?: number;
    };
    const system = body.messages.filter((m) => m.role === "system").map((m) => m.content).join("\n");
    const user = body.messages.filter((m) => m.role === "user").map((m) => m.content).join("\n");
    const request: FakeChatRequest = { model: body.model, system, user, data: parseJson(user), responseFormat: body.response_format, maxTokens: body.max_tokens };
    this.requests.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      let reply = this.queue.shift() ?? (await this.responder(request, this.requests.length));
      while ("delayMs" in reply) {
        await new Promise((r) => setTimeout(r, (reply as { delayMs: number }).delayMs));
        if (res.destroyed) return;
        reply = reply.then;
      }
      if ("status" in reply) {
        const headers: Record<string, string> = reply.retryAfterMs === undefined ? {} : { "retry-after-ms": String(reply.retryAfterMs) };
        return send(res, reply.status, { error: { message: reply.message ?? `fake error ${reply.status}`, type: "server_error" } }, headers);
      }
      const content = "json" in reply ? JSON.stringify(reply.json) : reply.content;
      const usage = ("json" in reply && reply.usage) || {
        prompt_tokens: Math.ceil((system.length + user.length) / 4),
        completion_tokens: Math.ceil(content.length / 4),
      };
      const total = usage.prompt_tokens + usage.completion_tokens;
      this.usage.prompt_tokens += usage.prompt_tokens;
      this.usage.completion_tokens += usage.completion_tokens;
      this.usage.total_tokens += total;
      send(res, 200, {
        id: `chatcmpl-fake-${this.requests.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
        usage: { ...usage, total_tokens: total },
      });
    } finally {
      this.inFlight--;
    }
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface CondenseData {
  source: string;
  province: string;
  loadedTerms: string[];
  paragraphs: { index: number; text: string }[];
}

interface OverviewData {
  province: string;
  items: { id: number; source: string; text: string }[];
}

/**
 * What a well-behaved model answers: for a condensation, "SOURCE reported: <first sentence>" for the first
 * three paragraphs (sentences short enough to keep), loaded terms in quotes; for an overview, one sentence
 * naming two sources that reported on the province.
 */
export function faithfulReply(request: FakeChatRequest): FakeReply {
  const data = request.data as Partial<CondenseData & OverviewData> | undefined;
  if (data?.paragraphs) {
    const { source = "the source", loadedTerms = [], paragraphs } = data as CondenseData;
    const items = paragraphs.slice(0, 3).flatMap((p) => {
      const sentence = p.text.split(/(?<=[.!?])\s+/)[0]?.trim() ?? "";
      if (!sentence || sentence.length > 280) return [];
      return [{ text: `${source} reported: ${quoteTerms(sentence, loadedTerms)}`, cites: [p.index], terms: loadedTerms.filter((t) => sentence.toLowerCase().includes(t)) }];
    });
    return { json: { items } };
  }
  if (data?.items) {
    const { province, items } = data as OverviewData;
    const [first] = items;
    const other = items.find((i) => i.source !== first?.source);
    if (!first || !other) return { json: { sentences: [] } };
    return { json: { sentences: [{ text: `${first.source} and ${other.source} both reported on ${province}.`, items: [first.id, other.id] }] } };
  }
  return { content: "I can only answer Sitrep's requests." };
}

/** Wraps each loaded term in double quotes (longest first, whole words, never twice). */
function quoteTerms(sentence: string, terms: string[]): string {
  const sorted = [...new Set(terms)].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!sorted.length) return sentence;
  return sentence.replace(new RegExp(`(?<![\\p{L}\\p{N}-])(?:${sorted.join("|")})(?![\\p{L}\\p{N}])`, "giu"), (m) => `"${m}"`);
}
