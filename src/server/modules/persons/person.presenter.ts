import type { Kysely } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { FieldChange } from '../../platform/history.ts';
import { type Audience, presentHistory, type Redact } from '../../platform/presenter/presenter.ts';
import { canSeeHealth, hideHealth } from '../person-health/health-presenter.ts';

/**
 * Who reads a person's outputs: health only through a health grant whose full scope holds the person;
 * personal data only for a role that works with persons (the analyst never reaches these outputs).
 */
export async function personAudience(
  ctx: Ctx,
  db: Kysely<DB>,
  personId: string,
  grants: Grant[],
): Promise<Audience> {
  return {
    health: await canSeeHealth(ctx, db, personId),
    personalData: grants.some((g) => g.role !== 'analyst'),
  };
}

/** The one rule for every output about a person: history entries, stored versions, merge summaries. */
export const personRedactor =
  (a: Audience): Redact =>
  (fields) =>
    a.personalData ? hideHealth(a)(fields) : {};

export const presentPersonHistory = <E extends { changes: FieldChange[] }>(entries: E[], a: Audience) =>
  presentHistory(entries, personRedactor(a));

export const presentPersonSnapshot = (snapshot: Record<string, unknown>, a: Audience) =>
  personRedactor(a)(snapshot);
