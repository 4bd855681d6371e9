/**
 * The chat panel's data hooks: the conversation on screen (from `store.ts`), the past
 * conversations (a page at a time), one conversation's turns, and deleting one. Components
 * never fetch.
 */
import { useCallback, useMemo } from "react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import { useStore } from "@/lib/store";
import * as store from "./store";
import type { ConversationDetail } from "./types";

export function useChat() {
  return useStore(store.chat);
}

/** What the panel does: ask, stop, ask again, start afresh, reopen one, restore after a reload. */
export function useChatActions() {
  const qc = useQueryClient();
  const load = useCallback(
    (id: string) =>
      qc.fetchQuery({
        queryKey: keys.askConversation(id),
        queryFn: async (): Promise<ConversationDetail> =>
          unwrap(await api.GET("/api/v1/ask/conversations/{id}", { params: { path: { id } } })) as unknown as ConversationDetail,
        staleTime: 0,
      }),
    [qc],
  );
  return useMemo(() => {
    const changed = (answered: boolean) => {
      // A new conversation, or a newer one: the list's order and counts moved.
      if (answered) void qc.invalidateQueries({ queryKey: keys.askConversations });
    };
    return {
      ask: (question: string) => store.ask(question).then(changed),
      retry: (key: string) => store.retry(key).then(changed),
      stop: store.stop,
      newConversation: store.newConversation,
      open: (id: string) => store.openConversation(id, load),
      restore: () => store.restore(load),
    };
  }, [qc, load]);
}

const PAGE = 20;

/** The user's conversations, most recently continued first. */
export function useConversations(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: keys.askConversations,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET("/api/v1/ask/conversations", {
          params: { query: { before: pageParam ?? undefined, limit: PAGE } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? null,
    enabled,
  });
}

export function useDeleteConversation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const result = await api.DELETE("/api/v1/ask/conversations/{id}", { params: { path: { id } } });
      // Already gone is as good as deleted.
      if (result.response.status !== 404) unwrap(result);
      return id;
    },
    onSuccess: (id) => {
      if (store.chat.get().conversationId === id) store.newConversation();
      qc.removeQueries({ queryKey: keys.askConversation(id) });
      return qc.invalidateQueries({ queryKey: keys.askConversations });
    },
  });
}
