import { DomainError, type ErrorDetail, type LocalizedText } from '@renkou/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { isApiPath } from './static';

export { DomainError };

const t = (zh: string, en: string): LocalizedText => ({ zh, en });

export const Errors = {
  unauthenticated: () => new DomainError('UNAUTHENTICATED', t('请先登录', 'please sign in'), [], 401),
  sessionExpired: () => new DomainError('SESSION_EXPIRED', t('会话已过期，请重新登录', 'your session has expired; please sign in again'), [], 401),
  forbidden: (permission: string) => new DomainError('FORBIDDEN', t('您的角色无权执行此操作', 'your role may not do this'), [{ path: 'permission', value: permission, reason: t('缺少权限', 'permission missing') }], 403),
  notFound: (what: string, id: unknown) =>
    new DomainError('NOT_FOUND', t('记录不存在或不在您的管辖范围内', 'not found, or outside your region'), [{ path: what, value: id, reason: t('不存在或无权访问', 'missing or out of scope') }], 404),
  rateLimited: () => new DomainError('RATE_LIMITED', t('操作过于频繁，请稍后再试', 'too many requests; try again later'), [], 429),
};

/**
 * Masks anything in free text that looks like an ID number (15 to 18 digits, the last maybe X) the way
 * IDs are shown: first 6, stars, last 4. For paths and messages that reach the log or an error body.
 */
export function redactIds(text: string): string {
  return text.replace(/(?<![0-9])[0-9]{14,17}[0-9Xx](?![0-9Xx])/g, (id) => `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`);
}

/** Field values echoed back in errors are masked when they could be an ID number. */
function safeValue(path: string, value: unknown): unknown {
  if (typeof value === 'string' && (/idnumber/i.test(path) || /^\d{15,18}[0-9xX]?$/.test(value))) {
    return value.length >= 10 ? `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}` : '*'.repeat(value.length);
  }
  if (typeof value === 'string' && /password|totp/i.test(path)) return '***';
  return value;
}

function getAt(data: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** `missing`: no value at the path. (zod 4 leaves `issue.input` out unless asked, so it cannot tell.) */
function zhReason(issue: z.core.$ZodIssue, missing: boolean): string {
  switch (issue.code) {
    case 'invalid_type':
      return missing ? '必填' : `类型错误，应为 ${issue.expected}`;
    case 'too_small':
      return `过短或过小（最小 ${String(issue.minimum)}）`;
    case 'too_big':
      return `过长或过大（最大 ${String(issue.maximum)}）`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return `取值不在允许范围内（${issue.values.map(String).join('、')}）`;
    case 'invalid_union':
      return '不符合任何允许的形式';
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    default:
      return issue.message === 'Invalid input' ? '输入无效' : `不符合规则：${issue.message}`;
  }
}

/** Thrown by the validator: carries zod's issues so the edge can name each field, value and reason. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly part: string, readonly issues: readonly z.core.$ZodIssue[], readonly input: unknown) {
    super('request validation failed');
  }
  toDomain(): DomainError {
    const details: ErrorDetail[] = this.issues.map((issue) => {
      const path = [this.part, ...issue.path.map(String)].join('.');
      const value = getAt(this.input, issue.path);
      const missing = issue.code === 'invalid_type' && value === undefined;
      return {
        path,
        value: safeValue(path, value),
        reason: t(zhReason(issue, missing), missing ? 'required' : issue.message),
      };
    });
    return new DomainError('VALIDATION_FAILED', t('输入有误，请检查标出的字段', 'the input is invalid; see the fields named'), details, 400);
  }
}

export function toApiError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof RequestValidationError) return error.toDomain();
  const fe = error as FastifyError;
  if (fe && typeof fe === 'object' && typeof fe.code === 'string') {
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return new DomainError('BODY_TOO_LARGE', t('请求内容过大', 'the request body is too large'), [], 413);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return new DomainError('UNSUPPORTED_MEDIA_TYPE', t('仅接受 JSON', 'only JSON is accepted'), [], 415);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return new DomainError('INVALID_JSON', t('请求内容不是有效的 JSON', 'the body is not valid JSON'), [], 400);
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return new DomainError('BAD_REQUEST', t('请求无效', 'bad request'), [], fe.statusCode);
    }
  }
  if (error instanceof SyntaxError) return new DomainError('INVALID_JSON', t('请求内容不是有效的 JSON', 'the body is not valid JSON'), [], 400);
  return new DomainError('INTERNAL', t('服务器内部错误，已记录，请联系管理员', 'internal error; it has been logged, please contact the administrator'), [], 500);
}

/** The one place errors become HTTP: `{code, message: {zh, en}, details}`, never a stack trace. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const api = toApiError(error);
    if (api.status >= 500) {
      if (process.env.RENKOU_DEBUG_ERRORS === '1') console.error(error);
      // Log the error's class and message only: messages from our code never contain personal data.
      // Not under `err`: the logger's error serializer would replace the type by "Object" and add a stack.
      const message = (error as Error)?.message;
      request.log.error({ error: { type: (error as Error)?.name, message: typeof message === 'string' ? redactIds(message) : undefined, code: (error as FastifyError)?.code } }, 'unhandled error');
    }
    void reply.status(api.status).send({ code: api.code, message: api.text, details: api.details, requestId: request.id });
  });
  app.setNotFoundHandler((request, reply) => {
    // The web app routes in the browser: unknown non-API paths get its index page.
    if (request.method === 'GET' && !isApiPath(request.url) && (reply as unknown as { sendFile?: unknown }).sendFile) {
      return (reply as unknown as { sendFile(f: string): unknown }).sendFile('index.html');
    }
    void reply.status(404).send({ code: 'ROUTE_NOT_FOUND', message: t('接口不存在', 'no such endpoint'), details: [{ path: 'url', value: redactIds(request.url.split('?')[0] ?? ''), reason: t('未知路径', 'unknown path') }], requestId: request.id });
  });
}
