/** The signed-in user, sign-in flows and logout. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { SessionExpiredError, unwrap } from "./errors";
import { keys } from "./keys";
import { session, signIn, signOut } from "./session";
import { useStore } from "@/lib/store";
import type { Me, TokenResponse, TwoFactorChallenge } from "./types";

export function useSession() {
  return useStore(session);
}

export function useMe() {
  const { status } = useSession();
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => unwrap(await api.GET("/me")),
    enabled: status === "signed-in",
    staleTime: 5 * 60_000,
  });
}

/** Changes the user's language on the server (the I18n provider has already switched). */
export function useSetLocale() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (locale: string) => unwrap(await api.PATCH("/me", { body: { locale } })),
    onMutate: (locale) => {
      qc.setQueryData<Me>(keys.me, (old) => (old ? { ...old, locale } : old));
    },
    onSuccess: (me) => qc.setQueryData(keys.me, me),
  });
}

export type LoginOutcome = { kind: "signed-in" } | { kind: "two-factor"; challenge: TwoFactorChallenge };

function isChallenge(body: unknown): body is TwoFactorChallenge {
  return typeof body === "object" && body !== null && "two_factor_required" in body;
}

export async function login(email: string, password: string): Promise<LoginOutcome> {
  const body: unknown = unwrap(await api.POST("/auth/login", { body: { email, password } }));
  if (isChallenge(body)) return { kind: "two-factor", challenge: body };
  signIn(body as TokenResponse);
  return { kind: "signed-in" };
}

export async function loginSecondFactor(
  challengeToken: string,
  answer: { code: string } | { recovery_code: string },
): Promise<void> {
  const body = unwrap(
    await api.POST("/auth/login/2fa", { body: { challenge_token: challengeToken, ...answer } }),
  );
  signIn(body);
}

export async function register(input: { email: string; password: string; display_name: string }) {
  signIn(unwrap(await api.POST("/auth/register", { body: input })));
}

export async function verifyEmail(token: string) {
  unwrap(await api.POST("/auth/verify-email", { body: { token } }));
}

export async function forgotPassword(email: string) {
  unwrap(await api.POST("/auth/forgot-password", { body: { email } }));
}

export async function resetPassword(token: string, newPassword: string) {
  unwrap(await api.POST("/auth/reset-password", { body: { token, new_password: newPassword } }));
}

/**
 * Ends this session (`everywhere`: every session of the user, on every device). When the
 * server cannot be reached, nothing is pretended: the error surfaces and the person stays
 * signed in, since the refresh cookie would otherwise bring the session back on reload.
 */
export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (everywhere: boolean) => {
      if (everywhere) unwrap(await api.DELETE("/auth/sessions"));
      try {
        // Clears the refresh cookie. After "everywhere" the session is already gone: the 401
        // leads to a refresh the server refuses, and that answer clears the cookie instead.
        await api.POST("/auth/logout");
      } catch (e) {
        if (!(e instanceof SessionExpiredError)) throw e;
      }
      signOut();
      qc.clear();
    },
  });
}
