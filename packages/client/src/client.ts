import type { ApiError as ApiErrorBody, LocalizedText, RouteContract } from '@renkou/core';
import type { z } from 'zod';

type Out<T> = T extends z.ZodType ? z.input<T> : never;
type Part<C extends RouteContract, K extends 'params' | 'querystring' | 'body'> = Out<NonNullable<C[K]>>;
/**
 * Whether a contract declares a part. `route()` infers an undeclared part as the wide `z.ZodType` (and
 * every part's property is optional, so `undefined extends C[K]` is always true): a part is declared
 * when its schema type is narrower than `z.ZodType`.
 */
type HasKey<C extends RouteContract, K extends 'params' | 'querystring' | 'body'> =
  NonNullable<C[K]> extends z.ZodType ? (z.ZodType extends NonNullable<C[K]> ? false : true) : false;

/** The input a contract takes: only the parts it declares. */
export type CallInput<C extends RouteContract> = (HasKey<C, 'params'> extends true ? { params: Part<C, 'params'> } : { params?: never }) &
  (HasKey<C, 'querystring'> extends true ? { query?: Partial<Part<C, 'querystring'>> } : { query?: never }) &
  (HasKey<C, 'body'> extends true ? { body: Part<C, 'body'> } : { body?: never });

export type CallOutput<C extends RouteContract> = z.output<C['response']>;

/** An error answer of the API, with its stable code and bilingual message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: LocalizedText,
    readonly details: ApiErrorBody['details'],
    readonly requestId?: string,
  ) {
    super(`${code}: ${text.en}`);
    this.name = 'ApiError';
  }
}

export interface ClientOptions {
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Extra headers on every call (the CLI and tests pass a cookie). */
  readonly headers?: () => Record<string, string>;
}

function fillPath(url: string, params: Record<string, unknown> | undefined): string {
  return url.replace(/:([a-zA-Z]+)/g, (_, name: string) => encodeURIComponent(String(params?.[name] ?? '')));
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A typed client: `client.call(registryContracts.getPerson, { params: { id } })`. */
export function createClient(options: ClientOptions = {}) {
  const doFetch = options.fetch ?? fetch;
  return {
    async call<C extends RouteContract>(contract: C, input: CallInput<C> = {} as CallInput<C>): Promise<CallOutput<C>> {
      const i = input as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
      const url = `${options.baseUrl ?? ''}${fillPath(contract.url, i.params)}${queryString(i.query)}`;
      const res = await doFetch(url, {
        method: contract.method,
        credentials: 'same-origin',
        headers: { ...(i.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers?.() },
        ...(i.body !== undefined ? { body: JSON.stringify(i.body) } : {}),
      });
      const text = await res.text();
      const data: unknown = text ? JSON.parse(text) : undefined;
      if (!res.ok) {
        const e = (data ?? {}) as Partial<ApiErrorBody>;
        throw new ApiError(res.status, e.code ?? 'HTTP_' + res.status, e.message ?? { zh: '请求失败', en: 'request failed' }, e.details ?? [], e.requestId);
      }
      return data as CallOutput<C>;
    },
  };
}

export type Client = ReturnType<typeof createClient>;
