/**
 * `GET /api/v1/ask/stream`: the answer as server-sent events, read with `fetch` and a stream
 * reader (an `EventSource` cannot send the access token). Events: `tool` (each read tool
 * call as it finishes), `delta` (pieces of the sentence), then `answer` (exactly what
 * `POST /ask` returns) and the end, or `error`. Problems found before the stream starts
 * (422, 404, 429) are ordinary HTTP errors, thrown as `ApiError`.
 */
import { authFetch } from "@/api/client";
import { ApiError } from "@/api/errors";
import type { paths } from "@/api/schema";
import { createSseParser, type SseEvent } from "./sse";
import type { Answer, ToolUse } from "./types";

const PATH = "/api/v1/ask/stream" satisfies keyof paths;

/** The stream started and then failed: an `error` event, or the connection was lost. */
export class AskStreamError extends Error {
  /** The server's code (`internal`, `not_found`, …), or `lost` when the stream just ended. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "AskStreamError";
    this.code = code;
  }
}

export interface AskStreamOptions {
  question: string;
  conversationId: string | null;
  signal: AbortSignal;
  onTool: (tool: ToolUse) => void;
  onDelta: (text: string) => void;
}

/** Asks, reports the work as it arrives, and answers the final `Answer`. */
export async function askStream({ question, conversationId, signal, onTool, onDelta }: AskStreamOptions): Promise<Answer> {
  const query = new URLSearchParams({ question });
  if (conversationId) query.set("conversation_id", conversationId);
  const request = new Request(`${PATH}?${query.toString()}`, {
    headers: { Accept: "text/event-stream" },
    credentials: "same-origin",
    cache: "no-store",
    signal,
  });
  const response = await authFetch(request);
  if (!response.ok) throw await httpError(response);
  if (!response.body) throw new AskStreamError("lost", "no body");

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  // Stop means stop now, whatever the body's source does with the signal.
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener("abort", onAbort, { once: true });
  const parser = createSseParser();
  const handle = (e: SseEvent): Answer | null => {
    switch (e.event) {
      case "tool":
        onTool(JSON.parse(e.data) as ToolUse);
        return null;
      case "delta":
        onDelta((JSON.parse(e.data) as { text: string }).text);
        return null;
      case "answer":
        return JSON.parse(e.data) as Answer;
      case "error": {
        const body = JSON.parse(e.data) as { error?: string; message?: string };
        throw new AskStreamError(body.error ?? "failed", body.message ?? "");
      }
      default:
        return null;
    }
  };
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<string>;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (signal.aborted) throw e;
        throw new AskStreamError("lost", e instanceof Error ? e.message : String(e));
      }
      if (signal.aborted) throw new DOMException("stopped", "AbortError");
      if (chunk.done) break;
      for (const event of parser.push(chunk.value)) {
        const answer = handle(event);
        if (answer) return answer;
      }
    }
    parser.end();
    throw new AskStreamError("lost", "the stream ended before the answer");
  } finally {
    signal.removeEventListener("abort", onAbort);
    reader.cancel().catch(() => undefined);
  }
}

async function httpError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not the API's JSON: the status says enough.
  }
  const error = new ApiError(response.status, body);
  if (error.status === 429 && error.retryAfterSecs == null) {
    const header = Number(response.headers.get("Retry-After"));
    if (Number.isFinite(header) && header > 0) return Object.assign(error, { retryAfterSecs: header });
  }
  return error;
}
