import type { FieldChange } from '../history.ts';

/**
 * What one reader may see of an output. It is decided once per output from the grants that reach the
 * record, and every output kind (card, history entry, stored version, diff, merge summary) goes through
 * a redactor built from it, so a rule lives in one place and history cannot show what the card hides.
 */
export type Audience = {
  /** A grant with the health permission reaches the person: health tables and fields may be shown. */
  health: boolean;
  /** Not an analyst: names and phones of people (an organization's head, for one) may be shown. */
  personalData: boolean;
};

/**
 * A redactor takes some fields of a record (a whole snapshot or the one field of a diff) and returns
 * them as the audience may see them: a field it drops is not shown at all.
 */
export type Redact = (fields: Record<string, unknown>) => Record<string, unknown>;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * A diff as the audience may see it: each side of a change is redacted by the same rule as the
 * snapshot; a change whose field the reader may not see, or whose visible part did not change (the
 * head's phone changed, the analyst sees the position only), is left out.
 */
export function presentChanges(changes: FieldChange[], redact: Redact): FieldChange[] {
  const out: FieldChange[] = [];
  for (const c of changes) {
    const before = redact({ [c.field]: c.before });
    const after = redact({ [c.field]: c.after });
    if (!(c.field in before) && !(c.field in after)) continue;
    const change = { field: c.field, before: before[c.field] ?? null, after: after[c.field] ?? null };
    if (!sameJson(change.before, change.after)) out.push(change);
  }
  return out;
}

/** History entries as the audience may see them; the entries themselves stay, so versions keep counting. */
export const presentHistory = <E extends { changes: FieldChange[] }>(entries: E[], redact: Redact): E[] =>
  entries.map((e) => ({ ...e, changes: presentChanges(e.changes, redact) }));

/** A value without the given keys at any depth (keys of objects, inside arrays too). */
export function omitKeysDeep(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => omitKeysDeep(v, keys));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!keys.has(k)) out[k] = omitKeysDeep(v, keys);
  return out;
}
