import { ApiError, createClient, type CallInput, type CallOutput } from '@renkou/client';
import type { RouteContract } from '@renkou/core';

export { ApiError };

/** Why the app went back to the sign-in page on its own. */
export type SignOutReason = 'expired' | 'unauthenticated';

type Listener = (reason: SignOutReason) => void;
const listeners = new Set<Listener>();

/** Called by the auth layer: every call that meets an ended session reports it here, once per call. */
export function onSignedOut(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const client = createClient();

/**
 * The one way the web app calls the API: the typed client over the contracts from @renkou/core. A
 * session that ended (SESSION_EXPIRED) or vanished (UNAUTHENTICATED) on any call sends the user back to
 * the sign-in page; the error is still thrown so the caller stops.
 */
export async function call<C extends RouteContract>(contract: C, input?: CallInput<C>): Promise<CallOutput<C>> {
  try {
    return await client.call(contract, input);
  } catch (error) {
    if (error instanceof ApiError && contract.access !== 'public') {
      if (error.code === 'SESSION_EXPIRED') for (const l of listeners) l('expired');
      else if (error.code === 'UNAUTHENTICATED') for (const l of listeners) l('unauthenticated');
    }
    throw error;
  }
}

/**
 * A call whose request body is raw bytes (a file upload), which the typed client cannot send: the
 * contract's query string, the bytes as application/octet-stream, the same error shape and the same
 * sign-out on an ended session as `call`.
 */
export async function callWithBytes<C extends RouteContract>(contract: C, input: { query?: Record<string, string | number | undefined> }, bytes: Blob | ArrayBuffer): Promise<CallOutput<C>> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(input.query ?? {})) if (v !== undefined && v !== '') q.set(k, String(v));
  const qs = q.toString();
  const res = await fetch(`${contract.url}${qs ? `?${qs}` : ''}`, {
    method: contract.method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (res.ok) return data as CallOutput<C>;
  const e = (data ?? {}) as { code?: string; message?: { zh: string; en: string }; details?: ApiError['details']; requestId?: string };
  const error = new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? { zh: `请求失败（${res.status}）`, en: `request failed (${res.status})` }, e.details ?? [], e.requestId);
  if (error.code === 'SESSION_EXPIRED') for (const l of listeners) l('expired');
  else if (error.code === 'UNAUTHENTICATED') for (const l of listeners) l('unauthenticated');
  throw error;
}

export function isApiError(e: unknown, ...codes: string[]): e is ApiError {
  return e instanceof ApiError && (codes.length === 0 || codes.includes(e.code));
}

/** The server answers 404 for a record outside the caller's region, and 403 for a role without the right. */
export function isNoAccess(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 404 || e.status === 403) && e.code !== 'ROUTE_NOT_FOUND';
}
