import type { z } from 'zod';
import type { Permission } from './platform/roles';

/**
 * One route, declared once: the server registers it, the client calls it, OpenAPI documents it.
 * `access` is a permission, or 'public' (no session), or 'session' (any signed-in user), or 'partner'
 * (a partner system's API key, scoped to one feed kind and region).
 */
export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Permission | 'public' | 'session' | 'partner';
  readonly params?: P;
  readonly querystring?: Q;
  readonly body?: B;
  readonly response: R;
  readonly status?: number;
  /** Largest JSON body accepted, when more than the default 256 KiB. */
  readonly bodyLimit?: number;
}

export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  c: RouteContract<P, Q, B, R>,
): RouteContract<P, Q, B, R> {
  return c;
}
