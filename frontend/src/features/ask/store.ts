/**
 * The conversation on screen: its id (follow-ups send it), its turns, and the answer being
 * streamed. It lives in this module, not in the panel, so closing the panel keeps it and a
 * streaming answer keeps arriving while the panel is shut. The id is also kept in
 * sessionStorage, so a reload reopens the conversation (its turns come from the server).
 */
import { ApiError, ServerUnreachableError } from "@/api/errors";
import { session } from "@/api/session";
import { createStore } from "@/lib/store";
import { AskStreamError, askStream } from "./stream";
import type { Answer, AnswerData, ConversationDetail, StoredTurn, ToolUse } from "./types";

/** Fetches a conversation's turns (the data hooks pass it, through the query cache). */
export type LoadConversation = (id: string) => Promise<ConversationDetail>;

export type TurnProblem =
  /** The server refused the question (422): its message. */
  | { kind: "invalid"; message: string }
  /** Too many questions (429): wait this long. */
  | { kind: "rate"; secs: number }
  /** The conversation is gone (expired or deleted elsewhere). */
  | { kind: "expired" }
  /** The server could not be reached. */
  | { kind: "offline" }
  /** The answer failed after it started (an `error` event), or the connection dropped. */
  | { kind: "failed" };

export interface ChatTurn {
  /** This browser's key for the turn (React's `key`). */
  key: string;
  question: string;
  status: "streaming" | "done" | "failed" | "stopped";
  /** The tool calls so far (while streaming), then the answer's. */
  tools: ToolUse[];
  /** The sentence as its pieces arrive; replaced by `answer.answer` at the end. */
  partial: string;
  answer: Pick<Answer, "answer" | "language" | "data" | "tools"> & { headline?: Answer["headline"] } | null;
  problem: TurnProblem | null;
}

export interface ChatState {
  conversationId: string | null;
  turns: ChatTurn[];
  /** A conversation's turns are being fetched (after a reload, or from the list). */
  loading: boolean;
  /** Fetching them failed (not a 404: that just starts afresh). */
  loadFailed: boolean;
}

const EMPTY: ChatState = { conversationId: null, turns: [], loading: false, loadFailed: false };
export const chat = createStore<ChatState>(EMPTY);

const STORAGE_KEY = "kakeibo.ask.conversation";
let running: AbortController | null = null;
/** Bumped by every switch of conversation: a load that finishes after it is dropped. */
let loadToken = 0;
let nextKey = 0;
const newKey = () => `t${++nextKey}`;

function remember(id: string | null) {
  try {
    if (id) sessionStorage.setItem(STORAGE_KEY, id);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // No storage: the conversation lasts until the page is reloaded.
  }
}

function remembered(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function update(fn: (s: ChatState) => ChatState) {
  chat.set(fn(chat.get()));
}

function updateTurn(key: string, fn: (t: ChatTurn) => ChatTurn) {
  update((s) => ({ ...s, turns: s.turns.map((t) => (t.key === key ? fn(t) : t)) }));
}

export function isStreaming(state: ChatState = chat.get()): boolean {
  return state.turns.some((t) => t.status === "streaming");
}

function problemOf(error: unknown): TurnProblem {
  if (error instanceof ApiError) {
    if (error.status === 422) return { kind: "invalid", message: error.fields[0]?.message ?? error.message };
    if (error.status === 429) return { kind: "rate", secs: Math.max(1, Math.ceil(error.retryAfterSecs ?? 60)) };
    if (error.status === 404) return { kind: "expired" };
  }
  if (error instanceof ServerUnreachableError) return { kind: "offline" };
  if (error instanceof AskStreamError && error.code === "not_found") return { kind: "expired" };
  return { kind: "failed" };
}

/**
 * Streams the answer to `turn` (a new question, or a failed one asked again). Resolves
 * when it ends, `true` when an answer arrived (the conversations list changed then).
 */
async function run(key: string, question: string): Promise<boolean> {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  const conversationId = chat.get().conversationId;
  try {
    const answer = await askStream({
      question,
      conversationId,
      signal: controller.signal,
      onTool: (tool) => updateTurn(key, (t) => ({ ...t, tools: [...t.tools, tool] })),
      onDelta: (text) => updateTurn(key, (t) => ({ ...t, partial: t.partial + text })),
    });
    update((s) => ({
      ...s,
      conversationId: answer.conversation_id,
      turns: s.turns.map((t) =>
        t.key === key ? { ...t, status: "done", tools: answer.tools, partial: "", answer, problem: null } : t,
      ),
    }));
    remember(answer.conversation_id);
    return true;
  } catch (error) {
    if (controller.signal.aborted) {
      updateTurn(key, (t) => (t.status === "streaming" ? { ...t, status: "stopped" } : t));
      return false;
    }
    const problem = problemOf(error);
    // The conversation expired: the next question (or this one again) starts a new one.
    if (problem.kind === "expired") {
      update((s) => ({ ...s, conversationId: null }));
      remember(null);
    }
    updateTurn(key, (t) => ({ ...t, status: "failed", problem }));
    return false;
  } finally {
    if (running === controller) running = null;
  }
}

/** Asks `question` in the current conversation (a new one when there is none). */
export function ask(question: string): Promise<boolean> {
  const key = newKey();
  update((s) => ({
    ...s,
    turns: [...s.turns, { key, question, status: "streaming", tools: [], partial: "", answer: null, problem: null }],
  }));
  return run(key, question);
}

/** Asks a failed or stopped turn's question again, in place. */
export function retry(key: string): Promise<boolean> {
  const turn = chat.get().turns.find((t) => t.key === key);
  if (!turn || turn.status === "streaming" || isStreaming()) return Promise.resolve(false);
  updateTurn(key, (t) => ({ ...t, status: "streaming", tools: [], partial: "", answer: null, problem: null }));
  return run(key, turn.question);
}

/** Stops the answer being streamed (the server still finishes and stores the turn). */
export function stop() {
  running?.abort();
}

/** Starts afresh: the next question opens a new conversation. */
export function newConversation() {
  running?.abort();
  loadToken++;
  chat.set(EMPTY);
  remember(null);
}

function storedTurn(t: StoredTurn): ChatTurn {
  return {
    key: newKey(),
    question: t.question,
    status: "done",
    tools: t.tools as unknown as ToolUse[],
    partial: "",
    answer: {
      answer: t.answer,
      language: t.language,
      data: t.data as unknown as AnswerData,
      tools: t.tools as unknown as ToolUse[],
    },
    problem: null,
  };
}

/** Shows a past conversation (its turns from the server); the next question continues it. */
export async function openConversation(id: string, load: LoadConversation): Promise<void> {
  running?.abort();
  const token = ++loadToken;
  chat.set({ ...EMPTY, conversationId: id, loading: true });
  remember(id);
  try {
    const detail = await load(id);
    if (token !== loadToken) return;
    chat.set({ conversationId: id, turns: detail.turns.map(storedTurn), loading: false, loadFailed: false });
  } catch (error) {
    if (token !== loadToken) return;
    if (error instanceof ApiError && error.status === 404) {
      // Expired or deleted: start afresh.
      chat.set(EMPTY);
      remember(null);
      return;
    }
    chat.set({ ...EMPTY, conversationId: id, loadFailed: true });
  }
}

let restored = false;

/** A conversation waits to be reopened after a reload (so the empty state does not flash). */
export function restorePending(): boolean {
  return !restored && chat.get().turns.length === 0 && remembered() !== null;
}

/** After a reload: reopens the conversation this tab had, once. */
export function restore(load: LoadConversation) {
  if (restored) return;
  restored = true;
  const state = chat.get();
  if (state.turns.length > 0 || state.loading) return;
  const id = remembered();
  if (id) void openConversation(id, load);
}

// Signing out (or another user signing in later in this tab) must not show this one's chat.
if (typeof window !== "undefined") {
  session.subscribe(() => {
    if (session.get().status === "signed-out") {
      newConversation();
      restored = false;
    }
  });
}
