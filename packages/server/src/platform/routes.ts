import { createHash, randomUUID } from 'node:crypto';
import { hasPermission, type RouteContract } from '@renkou/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { writeAudit } from './audit';
import type { AppDeps, RequestContext } from './context';
import { Errors } from './errors';
import { SESSION_COOKIE, hashToken, type SessionStore } from './session';

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;
type Input<C extends RouteContract> = {
  params: Out<NonNullable<C['params']>>;
  query: Out<NonNullable<C['querystring']>>;
  body: Out<NonNullable<C['body']>>;
};

export type Handler<C extends RouteContract> = (ctx: RequestContext, input: Input<C>, extra: { request: FastifyRequest; reply: FastifyReply }) => Promise<z.input<C['response']>>;

export interface Router {
  add<C extends RouteContract>(contract: C, handler: Handler<C>): void;
}

/**
 * Registers contracts with one chain: session → permission → validated input → handler → response
 * schema. Access is decided here, from the contract, so no route can forget it.
 */
export function createRouter(app: FastifyInstance, deps: AppDeps, sessions: SessionStore): Router {
  const contexts = new WeakMap<FastifyRequest, RequestContext>();
  return {
    add(contract, handler) {
      app.route({
        method: contract.method,
        url: contract.url,
        ...(contract.bodyLimit ? { bodyLimit: contract.bodyLimit } : {}),
        schema: {
          summary: contract.summary,
          tags: [contract.tag],
          ...(contract.params ? { params: contract.params } : {}),
          ...(contract.querystring ? { querystring: contract.querystring } : {}),
          ...(contract.body ? { body: contract.body } : {}),
          response: { [contract.status ?? 200]: contract.response },
        },
        // Access is decided on arrival, before the body is parsed or validated: a caller without the
        // permission gets 401/403 (and the refusal is audited) whatever they send, never a validation
        // error that describes the input the route expects.
        onRequest: async (request) => {
          contexts.set(request, await contextFor(request, deps, sessions, contract));
        },
        handler: async (request, reply) => {
          const ctx = contexts.get(request) ?? (await contextFor(request, deps, sessions, contract));
          const result = await handler(ctx, { params: request.params, query: request.query, body: request.body } as never, { request, reply });
          void reply.status(contract.status ?? 200);
          return result;
        },
      });
    },
  };
}

async function contextFor(request: FastifyRequest, deps: AppDeps, sessions: SessionStore, contract: RouteContract): Promise<RequestContext> {
  const base = { ip: request.ip, requestId: request.id };
  const token = request.cookies[SESSION_COOKIE];
  if (contract.access === 'public') {
    return { ...base, user: null, scope: null, sessionTokenHash: token ? hashToken(token) : null };
  }
  if (contract.access === 'partner') return partnerContext(request, deps, base);
  if (!token) throw Errors.unauthenticated();
  const found = await sessions.resolve(token);
  if (found.kind === 'expired') throw Errors.sessionExpired();
  if (found.kind === 'none') throw Errors.unauthenticated();
  const ctx: RequestContext = { ...base, user: found.user, scope: { regionCode: found.user.regionCode }, sessionTokenHash: hashToken(token) };
  if (contract.access !== 'session' && !hasPermission(found.user.role, contract.access)) {
    await writeAudit(deps.db, {
      actor: { id: found.user.id, username: found.user.username, role: found.user.role, regionCode: found.user.regionCode },
      action: 'access.denied',
      objectType: 'route',
      objectId: `${contract.method} ${contract.url}`,
      outcome: 'denied',
      ip: request.ip,
      requestId: request.id,
      details: { permission: contract.access },
    });
    throw Errors.forbidden(contract.access);
  }
  return ctx;
}

/** A partner system authenticates with `Authorization: Bearer <key>`; only the key's hash is stored. */
async function partnerContext(request: FastifyRequest, deps: AppDeps, base: { ip: string; requestId: string }): Promise<RequestContext> {
  const header = request.headers.authorization ?? '';
  const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!key) throw Errors.unauthenticated();
  const partner = await deps.db
    .selectFrom('exchange_partner')
    .select(['id', 'name', 'kind', 'region_code'])
    .where('key_hash', '=', hashApiKey(key))
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!partner) {
    await writeAudit(deps.db, { actor: { id: null, username: null, role: null, regionCode: null }, action: 'partner.denied', objectType: 'route', objectId: `${request.method} ${request.url.split('?')[0]}`, outcome: 'denied', ip: request.ip, requestId: request.id, details: { keyPrefix: key.slice(0, 8) } });
    throw Errors.unauthenticated();
  }
  return { ...base, user: null, scope: { regionCode: partner.region_code }, sessionTokenHash: null, partner: { id: partner.id, name: partner.name, kind: partner.kind } };
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

export function requestId(): string {
  return randomUUID();
}
