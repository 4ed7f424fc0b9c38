import dayjs from 'dayjs';
import type { VitalEventKind } from '@renkou/core';

/**
 * Turns the event form's values into the request body of POST /api/v1/events. The form's fields are
 * named by their path in the body ('child.name'), so zod's issues and the server's error details land
 * on the field that caused them. Empty inputs are left out (optional fields), dates become YYYY-MM-DD.
 */
export function clean(value: unknown): unknown {
  if (dayjs.isDayjs(value)) return value.format('YYYY-MM-DD');
  if (typeof value === 'string') {
    const v = value.trim();
    return v === '' ? undefined : v;
  }
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = clean(v);
      if (c !== undefined && c !== null) out[k] = c;
    }
    return out;
  }
  return value ?? undefined;
}

export type FormValues = Record<string, unknown> & { mode?: 'existing' | 'new' };

/** Fields that exist only in the form (which sub-form is open), never in the body. */
const FORM_ONLY = ['mode', 'subjectId'];

export function buildEventBody(kind: VitalEventKind, values: FormValues): Record<string, unknown> {
  const v = clean(values) as Record<string, unknown>;
  for (const k of FORM_ONLY) delete v[k];
  const body: Record<string, unknown> = { kind, ...v };
  switch (kind) {
    case 'birth':
      body.child = body.child ?? {};
      body.joinMotherHousehold = values.joinMotherHousehold !== false;
      break;
    case 'move_in':
      if (values.mode === 'new') delete body.personId;
      else delete body.person;
      break;
    case 'correction':
      body.changes = body.changes ?? {};
      delete body.personId;
      break;
    case 'death':
    case 'marriage':
    case 'divorce':
    case 'move_out':
    case 'residence_change':
    case 'hukou_change':
      break;
  }
  return body;
}

/** The person whose page the clerk returns to after recording. */
export function subjectOf(kind: VitalEventKind, body: Record<string, unknown>, values: FormValues, resultPersonId: number): number {
  switch (kind) {
    case 'birth':
      return Number(body.motherId);
    case 'marriage':
    case 'divorce':
      return Number(values.subjectId ?? body.wifeId);
    case 'correction':
      return Number(values.personId ?? resultPersonId);
    case 'death':
    case 'move_in':
    case 'move_out':
    case 'residence_change':
    case 'hukou_change':
      return resultPersonId;
  }
}
