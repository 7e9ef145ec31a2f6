import type { Kysely } from 'kysely';
import { grantsFor } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { PERSON_DATA } from '../../platform/person-data/registry.ts';
import { omitKeysDeep, type Redact } from '../../platform/presenter/presenter.ts';
import { outsideFullScope } from '../persons/full-scope.ts';
import { HealthActions } from './person-health.policy.ts';

/** The tables holding special-category health data (152-ФЗ ст. 10): those declared with the health flag. */
export const HEALTH_TABLES: readonly string[] = PERSON_DATA.healthTables;
export const isHealthTable = (table: string) => HEALTH_TABLES.includes(table);

/**
 * Every key under which health data can appear in an output: the tables (merge summaries name them)
 * and the fields of the health view and of its history snapshots.
 */
const HEALTH_KEYS: ReadonlySet<string> = new Set([
  ...HEALTH_TABLES,
  'health',
  'healthGroup',
  'peGroup',
  'needsAdaptedProgram',
  'longTermTreatment',
  'disabilities',
  'specialNeeds',
]);

/** Drops health keys at any depth unless the audience may see health. */
export const hideHealth =
  (audience: { health: boolean }): Redact =>
  (fields) =>
    audience.health ? fields : (omitKeysDeep(fields, HEALTH_KEYS) as Record<string, unknown>);

/** Whether a grant allowed the action reaches every one of the persons with full access. */
async function reachesAll(ctx: Ctx, db: Kysely<DB>, action: string, personIds: string[]) {
  const grants = grantsFor(ctx.actor!, action);
  if (grants.length === 0) return false;
  return (await outsideFullScope(db, personIds, grants)).length === 0;
}

/** May the actor see this person's health data: a health.read grant whose full scope holds the person. */
export const canSeeHealth = (ctx: Ctx, db: Kysely<DB>, personId: string) =>
  reachesAll(ctx, db, HealthActions['health.read'], [personId]);

/** May the actor move health rows between these persons (a merge): health.write reaching both. */
export const canWriteHealth = (ctx: Ctx, db: Kysely<DB>, personIds: string[]) =>
  reachesAll(ctx, db, HealthActions['health.write'], personIds);
