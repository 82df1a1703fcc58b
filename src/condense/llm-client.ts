/**
 * The one door to the model: an OpenAI-compatible chat completions endpoint (OpenAI, Ollama, vLLM, LM
 * Studio, llama.cpp's server…) through the official SDK, asking for structured output with a JSON schema.
 * The SDK retries 429 and 5xx with back-off (honouring Retry-After) and times out each attempt; the caller's
 * signal ends everything at the brief's deadline. Only `src/condense/llm*` may import `openai`.
 */
import type OpenAI from "openai";

type OpenAIModule = typeof import("openai");
// The SDK is loaded with the first request, not at start-up: without an API key it is never needed, and it
// holds about 13 MB once compiled.
let sdk: Promise<OpenAIModule> | undefined;

export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

export interface ChatAnswer {
  /** The message content as the model sent it (JSON text when it obeyed the schema). */
  content: string;
  /** Tokens the endpoint counted (estimated from characters when it reports none). */
  tokens: number;
}

export interface JsonSchemaFormat {
  name: string;
  schema: Record<string, unknown>;
}

export interface ChatClient {
  readonly model: string;
  /** One structured completion; throws ModelUnavailableError when the endpoint cannot answer. */
  complete(messages: ChatMessage[], format: JsonSchemaFormat, options: { maxTokens: number; signal: AbortSignal }): Promise<ChatAnswer>;
}

export interface ChatClientOptions {
  apiKey: string;
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}

/** The endpoint failed (timeout, refused, HTTP error after retries); `cause` says which, for the log. */
export class ModelUnavailableError extends Error {
  constructor(readonly detail: string, options?: { cause?: unknown }) {
    super(`model unavailable: ${detail}`, options);
    this.name = "ModelUnavailableError";
  }
}

/** Builds the SDK client once; each `complete` is one request (plus the SDK's retries). */
export function createChatClient(options: ChatClientOptions): ChatClient {
  let client: Promise<[OpenAI, OpenAIModule]> | undefined;
  const connect = async (): Promise<[OpenAI, OpenAIModule]> => {
    const mod = await (sdk ??= import("openai"));
    const OpenAI = mod.default;
    return [new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs, maxRetries: options.maxRetries }), mod];
  };
  return {
    model: options.model,
    async complete(messages, format, { maxTokens, signal }) {
      const [openai, mod] = await (client ??= connect());
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await openai.chat.completions.create(
          {
            model: options.model,
            messages,
            temperature: 0,
            max_tokens: maxTokens,
            response_format: { type: "json_schema", json_schema: { name: format.name, schema: format.schema, strict: true } },
          },
          { signal },
        );
      } catch (error) {
        throw new ModelUnavailableError(describe(error, mod.default), { cause: error });
      }
      const content = completion.choices[0]?.message?.content ?? "";
      const chars = messages.reduce((n, m) => n + m.content.length, 0) + content.length;
      return { content, tokens: completion.usage?.total_tokens ?? Math.ceil(chars / 4) };
    },
  };
}

function describe(error: unknown, OpenAI: OpenAIModule["default"]): string {
  if (error instanceof OpenAI.APIUserAbortError) return "deadline reached";
  if (error instanceof OpenAI.APIConnectionTimeoutError) return "timed out";
  if (error instanceof OpenAI.APIError && error.status) return `HTTP ${error.status}`;
  if (error instanceof OpenAI.APIConnectionError) return "connection failed";
  return error instanceof Error ? error.message : String(error);
}
