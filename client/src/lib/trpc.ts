/** The one QueryClient and tRPC client of the app, with errors handled centrally by code. */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../../server/routers/app-router';
import { currentLang, translate } from './i18n';
import { navigate } from './router';
import { fallbackFor, serverSentence } from './server-errors';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type Me = NonNullable<RouterOutputs['auth']['me']>;

/** The error shape the server's formatter sends (code, appCode, details). */
export type ApiErrorData = {
  code?: string;
  httpStatus?: number;
  appCode?: string | null;
  details?: unknown;
  zodError?: unknown;
  /** The sentence as a catalogue key and its parameters (server/domain/server-messages.ts). */
  messageKey?: string | null;
  params?: Record<string, string | number> | null;
};

/** The server's error code of an error (`UNAUTHORIZED`, `CONFLICT` …), or null for a network failure. */
export function errorCode(error: unknown): string | null {
  if (error instanceof TRPCClientError) {
    const data = error.data as ApiErrorData | undefined;
    return data?.appCode ?? data?.code ?? null;
  }
  return null;
}

/** The `details` of an AppError (a conflict's current values, a validation's errors …). */
export function errorDetails<T>(error: unknown): T | null {
  if (error instanceof TRPCClientError) return ((error.data as ApiErrorData | undefined)?.details ?? null) as T | null;
  return null;
}

/**
 * What a person reads of an error, in the page language: the server's sentence (its `messageKey` and `params`,
 * server/domain/server-messages.ts), else a plain sentence by code; a lost connection says so. Never the raw
 * message (English, or a browser's wording).
 */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as ApiErrorData | undefined;
    if (!data) return translate(currentLang(), 'error.network');
    return serverSentence(data, fallbackFor(data.code));
  }
  return translate(currentLang(), isNetworkFailure(error) ? 'error.network' : 'error.generic');
}

/** A request that never got an answer (fetch's TypeError, the upload's `network` error). */
function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && error.message === 'network');
}

function onUnauthorized(error: unknown): void {
  if (errorCode(error) !== 'UNAUTHORIZED') return;
  queryClient.setQueryData(trpc.auth.me.queryKey(), null);
  if (!window.location.pathname.startsWith('/login')) {
    const next = window.location.pathname + window.location.search;
    navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onUnauthorized }),
  mutationCache: new MutationCache({
    onError: onUnauthorized,
    // Every write can move scores, ranks and lists: refetch what is on screen.
    onSuccess: () => queryClient.invalidateQueries(),
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) do not heal by retrying.
      retry: (count, error) => {
        const status =
          error instanceof TRPCClientError ? (error.data as ApiErrorData | undefined)?.httpStatus : undefined;
        return (status === undefined || status >= 500) && count < 2;
      },
    },
  },
});

export const trpcClient = createTRPCClient<AppRouter>({
  // Node refuses request lines over ~16 KB (414): a long batch (a table of evidence lists) splits into several.
  links: [httpBatchLink({ url: '/trpc', maxURLLength: 6000, maxItems: 40 })],
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/** POST /auth/login; resolves with the HTTP status and the body's error text. */
export async function postLogin(
  username: string,
  password: string,
): Promise<{ ok: boolean; status: number; retryAfter: number | null }> {
  return postAuth('/auth/login', { username, password });
}

/**
 * A JSON POST to one of the /auth routes: the status, Retry-After, and the refusal's catalogue key and its
 * sentence in the page language (null without one).
 */
export async function postAuth(
  url: '/auth/login' | '/auth/password' | '/auth/totp',
  body: Record<string, string>,
): Promise<{
  ok: boolean;
  status: number;
  retryAfter: number | null;
  error: string | null;
  messageKey: string | null;
}> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  const retry = Number(res.headers.get('Retry-After'));
  let error: string | null = null;
  let messageKey: string | null = null;
  if (!res.ok) {
    try {
      const refusal = (await res.json()) as { messageKey?: unknown; params?: unknown };
      if (typeof refusal.messageKey === 'string') {
        messageKey = refusal.messageKey;
        error = serverSentence(refusal);
      }
    } catch {
      error = null;
    }
  }
  return {
    ok: res.ok,
    status: res.status,
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null,
    messageKey,
    error,
  };
}

/** POST /auth/logout (the server accepts only JSON bodies), then forgets every cached answer. */
export async function postLogout(): Promise<void> {
  try {
    await fetch('/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      credentials: 'same-origin',
    });
  } finally {
    queryClient.clear();
    queryClient.setQueryData(trpc.auth.me.queryKey(), null);
    navigate('/login', { replace: true });
  }
}
