import { DATA_CATEGORY_TITLES, type DataCategory } from '../../../common/consent-purposes.ts';
import type { PutHealthInput } from '../../../common/schemas/health.ts';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, versionConflict } from '../../platform/errors.ts';
import { diff } from '../../platform/history.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { consentedCategories } from '../consents/consent-check.ts';
import { loadPersonCard } from '../persons/load-person.ts';
import { healthDateProblems, writtenCategories } from './health-rules.ts';
import { HealthActions } from './person-health.policy.ts';
import { healthSnapshot, readHealth } from './person-health.queries.ts';

/**
 * Replaces a person's health record and its lists in one transaction, under optimistic locking.
 *
 * Legal basis: health data is a special category (152-ФЗ ст. 10); this system processes it only on
 * the written consent of the person or a legal representative (ст. 10 ч. 2 п. 1), purpose
 * `health_data`. So every write needs a consent in force today that covers the categories written;
 * without one the answer is 422 consent_required. Reading data already held stays possible for
 * holders of the health permission, but once the consent is revoked nothing new is written.
 */
export const putPersonHealth = (ctx: Ctx, personId: string, input: PutHealthInput) =>
  withTransaction(ctx.db, async (tx) => {
    const action = HealthActions['health.write'];
    const grants = authorize(ctx.actor!, action);
    const person = await loadPersonCard(ctx, tx, personId, grants, action);
    // Serializes writers of this person's health, including the first one, which has no row to lock.
    await tx
      .selectFrom('persons')
      .select('id')
      .where('id', '=', person.id)
      .forNoKeyUpdate()
      .executeTakeFirstOrThrow();

    const consented = await consentedCategories(tx, person.id, 'health_data');
    if (consented.size === 0) {
      throw new AppError(
        'consent_required',
        'Нет действующего согласия на обработку сведений о состоянии здоровья (152-ФЗ ст. 10 ч. 2 п. 1). ' +
          'Зарегистрируйте письменное согласие человека или его законного представителя.',
        [{ path: 'body', code: 'consent_required', message: 'Требуется согласие с целью «health_data»' }],
      ).audited('health.write', 'person_health', person.id);
    }
    const uncovered = writtenCategories(input).filter((w) => !consented.has(w.category));
    if (uncovered.length > 0) {
      throw new AppError(
        'consent_required',
        'Согласие на обработку сведений о здоровье не охватывает часть вводимых сведений',
        uncovered.map((w) => ({
          path: w.path,
          code: 'consent_required',
          message: `Согласие не включает категорию «${DATA_CATEGORY_TITLES[w.category as DataCategory]}»`,
        })),
      ).audited('health.write', 'person_health', person.id);
    }

    const before = await readHealth(tx, person.id);
    if (before.version !== input.version || person.id !== personId) throw versionConflict(before.version);
    const problems = healthDateProblems(input, person.birthDate);
    if (problems.length > 0) throw new AppError('validation_failed', 'Проверьте выделенные поля', problems);

    const version = before.version + 1;
    const row = {
      health_group: input.healthGroup,
      pe_group: input.peGroup,
      needs_adapted_program: input.needsAdaptedProgram,
      long_term_treatment: input.longTermTreatment,
      version,
      updated_at: new Date(),
      updated_by: ctx.actor!.userId,
    };
    if (before.version === 0) {
      await tx
        .insertInto('person_health')
        .values({ person_id: person.id, ...row })
        .execute();
    } else {
      await tx.updateTable('person_health').set(row).where('person_id', '=', person.id).execute();
    }
    await tx.deleteFrom('person_disabilities').where('person_id', '=', person.id).execute();
    await tx.deleteFrom('person_special_needs').where('person_id', '=', person.id).execute();
    if (input.disabilities.length > 0) {
      await tx
        .insertInto('person_disabilities')
        .values(
          input.disabilities.map((d) => ({
            person_id: person.id,
            category: d.category,
            disability_group: d.group,
            valid_from: d.validFrom,
            valid_until: d.validUntil,
            cause: d.cause,
            ipra_number: d.ipraNumber,
            ipra_date: d.ipraDate,
          })),
        )
        .execute();
    }
    if (input.specialNeeds.length > 0) {
      await tx
        .insertInto('person_special_needs')
        .values(
          input.specialNeeds.map((n) => ({
            person_id: person.id,
            pmpk_date: n.pmpkDate,
            pmpk_number: n.pmpkNumber,
            recommended_program: n.recommendedProgram,
            valid_until: n.validUntil,
          })),
        )
        .execute();
    }

    const after = await readHealth(tx, person.id);
    const beforeSnap = before.version === 0 ? null : healthSnapshot(before);
    await recordWrite(
      tx,
      ctx,
      {
        type: 'person_health',
        id: person.id,
        version,
        change: before.version === 0 ? 'create' : 'update',
        before: beforeSnap,
        after: healthSnapshot(after),
      },
      {
        action: 'health.write',
        subjectIds: [person.id],
        // Field names only: the values are special-category data.
        details: { version, fields: diff(beforeSnap, healthSnapshot(after)).map((c) => c.field) },
      },
    );
    return after;
  });
