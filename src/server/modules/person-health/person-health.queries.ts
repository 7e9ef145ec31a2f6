import type { Kysely } from 'kysely';
import type { HealthView } from '../../../common/schemas/health.ts';
import type { DB } from '../../platform/db/schema.ts';

/**
 * The health record of one person: version 0 and empty values when none was entered yet. The caller
 * has checked the health permission and the person's scope; nothing else reads these tables.
 */
export async function readHealth(db: Kysely<DB>, personId: string): Promise<HealthView> {
  const [main, disabilities, needs] = await Promise.all([
    db.selectFrom('person_health').selectAll().where('person_id', '=', personId).executeTakeFirst(),
    db
      .selectFrom('person_disabilities')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('valid_from')
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('person_special_needs')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('pmpk_date')
      .orderBy('created_at')
      .execute(),
  ]);
  return {
    personId,
    version: main?.version ?? 0,
    healthGroup: main?.health_group ?? null,
    peGroup: (main?.pe_group ?? null) as HealthView['peGroup'],
    needsAdaptedProgram: main?.needs_adapted_program ?? false,
    longTermTreatment: (main?.long_term_treatment ?? null) as HealthView['longTermTreatment'],
    disabilities: disabilities.map((d) => ({
      id: d.id,
      category: d.category,
      group: d.disability_group,
      validFrom: d.valid_from,
      validUntil: d.valid_until,
      cause: d.cause,
      ipraNumber: d.ipra_number,
      ipraDate: d.ipra_date,
    })),
    specialNeeds: needs.map((n) => ({
      id: n.id,
      pmpkDate: n.pmpk_date,
      pmpkNumber: n.pmpk_number,
      recommendedProgram: n.recommended_program,
      validUntil: n.valid_until,
    })),
  };
}

/** The record as history keeps it: values only, since list rows are replaced on every write. */
export function healthSnapshot(h: HealthView): Record<string, unknown> {
  const { personId, version, disabilities, specialNeeds, ...own } = h;
  return {
    ...own,
    disabilities: disabilities.map(({ id, ...d }) => d),
    specialNeeds: specialNeeds.map(({ id, ...n }) => n),
  };
}
