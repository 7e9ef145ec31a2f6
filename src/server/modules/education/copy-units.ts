import { sql } from 'kysely';
import { auditInTx, type Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { invalidField } from '../../platform/errors.ts';
import { recordChange } from '../../platform/history.ts';
import { EducationActions as A } from './education.policy.ts';
import { organizationForAction } from './education-scope.ts';
import { presentUnit, unitSnapshot } from './unit.presenter.ts';
import { className, programmeCourses } from './unit-rules.ts';
import { requireYear } from './units.queries.ts';

type Plan = {
  from: string;
  name: string;
  grade: number | null;
  course: number | null;
};

/**
 * Sets up next year's units from last year's with one action (regional rule: by 5 September): a class
 * moves up a grade with its letter («4А» → «5А»), a study group up a course while its programme lasts,
 * groups and associations stay as they are. Graduating classes (11th, and 9th where the school has no
 * senior classes) and last-course groups are not copied. Each copy remembers its source, and the insert
 * skips what exists, so a repeated or concurrent call creates nothing more and says so.
 */
export const copyUnits = (
  ctx: Ctx,
  organizationId: string,
  input: { fromYearId: string; toYearId: string },
) =>
  withTransaction(ctx.db, async (tx) => {
    const org = await organizationForAction(ctx, tx, organizationId, A['unit.write']);
    const from = await requireYear(tx, input.fromYearId, 'body.fromYearId');
    const to = await requireYear(tx, input.toYearId, 'body.toYearId');
    if (to.starts_on <= from.starts_on) {
      throw invalidField('body.toYearId', 'Копировать можно только в более поздний учебный год', 'not_later');
    }
    const source = await tx
      .selectFrom('units as u')
      .leftJoin('education_programmes as p', 'p.id', 'u.programme_id')
      .selectAll('u')
      .select('p.duration_months')
      .where('u.organization_id', '=', org.id)
      .where('u.academic_year_id', '=', from.id)
      .orderBy('u.name')
      .execute();
    const hasSenior =
      source.some((u) => u.kind === 'class' && (u.grade ?? 0) >= 10) ||
      Boolean(
        await tx
          .selectFrom('education_programmes')
          .select('id')
          .where('organization_id', '=', org.id)
          .where('level', '=', 'soo')
          .executeTakeFirst(),
      );
    const plans: Plan[] = [];
    const notCopied: { fromUnitId: string; name: string; reason: string }[] = [];
    for (const u of source) {
      if (u.kind === 'class' && u.grade != null) {
        if (u.grade >= 11 || (u.grade === 9 && !hasSenior)) {
          notCopied.push({ fromUnitId: u.id, name: u.name, reason: 'Выпускной класс' });
          continue;
        }
        // «1допА» (grade 0) becomes «1А», «4А» becomes «5А»; a class named otherwise keeps its name.
        const prefix = className(u.grade, '');
        const name = u.name.startsWith(prefix) ? className(u.grade + 1, u.name.slice(prefix.length)) : u.name;
        plans.push({ from: u.id, name, grade: u.grade + 1, course: null });
      } else if (u.kind === 'study_group' && u.course != null) {
        if (u.duration_months == null || u.course + 1 > programmeCourses(u.duration_months)) {
          notCopied.push({ fromUnitId: u.id, name: u.name, reason: 'Последний курс программы' });
          continue;
        }
        plans.push({ from: u.id, name: u.name, grade: null, course: u.course + 1 });
      } else {
        plans.push({ from: u.id, name: u.name, grade: u.grade, course: u.course });
      }
    }
    const created = plans.length
      ? await tx
          .insertInto('units')
          .columns([
            'organization_id',
            'academic_year_id',
            'kind',
            'name',
            'grade',
            'letter',
            'class_type',
            'profile_name',
            'shift',
            'teaching_language',
            'age_from',
            'age_to',
            'group_focus',
            'stay_mode',
            'impairment_type',
            'programme_id',
            'course',
            'study_form',
            'funding',
            'capacity',
            'copied_from_unit_id',
          ])
          .expression(
            tx
              .selectFrom('units as s')
              .innerJoin(
                sql<Plan>`(SELECT * FROM jsonb_to_recordset(${JSON.stringify(plans)}::jsonb)
                  AS x("from" uuid, name text, grade smallint, course smallint))`.as('x'),
                (j) => j.onRef('x.from', '=', 's.id'),
              )
              .select([
                's.organization_id',
                sql<string>`${to.id}::uuid`.as('academic_year_id'),
                's.kind',
                'x.name',
                'x.grade',
                's.letter',
                's.class_type',
                's.profile_name',
                's.shift',
                's.teaching_language',
                's.age_from',
                's.age_to',
                's.group_focus',
                's.stay_mode',
                's.impairment_type',
                's.programme_id',
                'x.course',
                's.study_form',
                's.funding',
                's.capacity',
                's.id as copied_from_unit_id',
              ]),
          )
          .onConflict((oc) => oc.doNothing())
          .returningAll()
          .execute()
      : [];
    const createdFrom = new Set(created.map((c) => c.copied_from_unit_id));
    const rest = plans.filter((p) => !createdFrom.has(p.from)).map((p) => p.from);
    const existing = rest.length
      ? await tx
          .selectFrom('units')
          .select('copied_from_unit_id')
          .where('academic_year_id', '=', to.id)
          .where('copied_from_unit_id', 'in', rest)
          .execute()
      : [];
    const copiedBefore = new Set(existing.map((e) => e.copied_from_unit_id));
    for (const p of plans) {
      if (!createdFrom.has(p.from) && !copiedBefore.has(p.from)) {
        notCopied.push({
          fromUnitId: p.from,
          name: p.name,
          reason: `Название «${p.name}» в новом году уже занято`,
        });
      }
    }
    for (const c of created) {
      await recordChange(tx, {
        entityType: 'unit',
        entityId: c.id,
        version: 1,
        action: 'create',
        actorUserId: ctx.actor!.userId,
        before: null,
        after: unitSnapshot(presentUnit(c)),
      });
    }
    await auditInTx(tx, ctx, {
      action: 'unit.copy',
      objectType: 'organization',
      objectId: org.id,
      grant: org.grant,
      details: {
        fromYearId: from.id,
        toYearId: to.id,
        created: created.length,
        alreadyCopied: copiedBefore.size,
      },
    });
    const message =
      created.length > 0
        ? `Скопировано классов, групп и объединений: ${created.length}`
        : copiedBefore.size > 0
          ? 'Классы и группы прошлого года уже скопированы: новых не создано'
          : 'Копировать нечего';
    return {
      created: created
        .map((c) => ({ id: c.id, name: c.name, fromUnitId: c.copied_from_unit_id! }))
        .sort((a, b) => a.name.localeCompare(b.name, 'ru', { numeric: true })),
      alreadyCopied: copiedBefore.size,
      notCopied,
      message,
    };
  });
