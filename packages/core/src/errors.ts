export interface LocalizedText { readonly zh: string; readonly en: string }
export interface ErrorDetail { readonly path: string; readonly value?: unknown; readonly reason: LocalizedText }
/** A business-rule or validation failure with a stable code; mapped to HTTP once, at the server's edge. */
export class DomainError extends Error {
  constructor(readonly code: string, readonly text: LocalizedText, readonly details: readonly ErrorDetail[] = [], readonly status: number = 400) { super(`${code}: ${text.en}`); this.name = 'DomainError'; }
}
