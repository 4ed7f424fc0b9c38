import type { ExpressionBuilder } from 'kysely';
import type { Database } from '@renkou/db';

/**
 * A caller's reach: the subtree of one region. Every repository query on personal data takes a Scope
 * and filters with the helpers below; nothing reads persons around them.
 */
export interface Scope {
  readonly regionCode: string;
}

function prefix(scope: Scope): string {
  // Region codes are digits only, so the prefix needs no LIKE escaping; guard it anyway.
  if (!/^\d{2,12}$/.test(scope.regionCode)) throw new Error('invalid scope');
  return `${scope.regionCode}%`;
}

/** A person is in scope where they live or where their hukou is: both places serve them. */
export function personInScope(scope: Scope) {
  const p = prefix(scope);
  return (eb: ExpressionBuilder<Database, 'person'>) => eb.or([eb('person.residence_region', 'like', p), eb('person.hukou_region', 'like', p)]);
}

export function householdInScope(scope: Scope) {
  const p = prefix(scope);
  return (eb: ExpressionBuilder<Database, 'household'>) => eb('household.region_code', 'like', p);
}

export function regionInScope(scope: Scope, code: string): boolean {
  return code.startsWith(scope.regionCode);
}
