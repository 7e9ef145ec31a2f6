import { sql } from 'kysely';
import { claimableCategory } from '../../../../common/queue-dictionary.ts';
import type { Grant } from '../../../platform/access/actor.ts';
import type { Tx } from '../../../platform/db/tx.ts';
import { AppError, type FieldProblem } from '../../../platform/errors.ts';
import { outsideFullScope } from '../../persons/full-scope.ts';
import type { ApplicationToInsert } from './insert-application.ts';

export type CheckedApplication = {
  categoryVersion: number | null;
  rightKind: 'out_of_turn' | 'first' | null;
};
type Checked = CheckedApplication;

/**
 * What a filed application must satisfy beyond its shape, every problem with its field's path: the
 * ranked kindergartens (how many, no repeats, working kindergartens of the municipality), a desired
 * date not before birth, a child and applicant the operator already sees in full and linked as
 * representative and child, the ПМПК conclusion a compensating group needs, a claimable right.
 *
 * Filing gives the municipality access to both persons, so a person the operator cannot see is
 * refused like an absent one: an id must not buy access. A parent filing through Госуслуги passes
 * `grants: null`: the caller has resolved both persons itself (their own record and a child they
 * represent), and the same rules apply to the rest.
 */
export async function checkApplication(
  tx: Tx,
  input: ApplicationToInsert,
  opts: { grants: Grant[] | null; maxPreferences: number; today: string },
): Promise<Checked> {
  const errors: FieldProblem[] = [];
  const add = (path: string, code: string, message: string) => errors.push({ path, code, message });

  if (input.preferences.length > opts.maxPreferences)
    add('body.preferences', 'too_many', `Можно указать не более ${opts.maxPreferences} детских садов`);
  const seen = new Set<string>();
  input.preferences.forEach((id, i) => {
    if (seen.has(id)) add(`body.preferences.${i}`, 'duplicate', 'Детский сад уже указан в заявлении');
    seen.add(id);
  });
  const kindergartens = new Set(
    (
      await sql<{ id: string }>`
        SELECT o.id FROM organizations o
         WHERE o.id = ANY(${[...seen]}::uuid[]) AND o.kind = 'preschool' AND o.status <> 'liquidated'
           AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${input.municipalityId})`.execute(
        tx,
      )
    ).rows.map((r) => r.id),
  );
  input.preferences.forEach((id, i) => {
    if (!kindergartens.has(id))
      add(
        `body.preferences.${i}`,
        'outside_municipality',
        'Детский сад не найден среди детских садов муниципалитета',
      );
  });

  const hidden = new Set(
    opts.grants ? await outsideFullScope(tx, [input.childId, input.applicantId], opts.grants) : [],
  );
  const persons = await sql<{ id: string; birth_date: string }>`
    SELECT id, birth_date::text FROM persons WHERE id IN (${input.childId}, ${input.applicantId})
       AND status <> 'destroyed'`.execute(tx);
  const child = persons.rows.find((p) => p.id === input.childId && !hidden.has(p.id));
  const applicant = persons.rows.find((p) => p.id === input.applicantId && !hidden.has(p.id));
  if (!child) add('body.childId', 'not_found', 'Ребёнок не найден или недоступен');
  if (!applicant) add('body.applicantId', 'not_found', 'Заявитель не найден или недоступен');
  if (input.childId === input.applicantId)
    add('body.applicantId', 'same_person', 'Заявитель и ребёнок — разные люди');
  if (child && input.desiredOn < child.birth_date)
    add('body.desiredOn', 'before_birth', 'Желаемая дата приёма раньше даты рождения ребёнка');
  if (child && applicant && input.childId !== input.applicantId) {
    const link = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM representations
       WHERE learner_id = ${input.childId} AND representative_id = ${input.applicantId} AND revoked_at IS NULL`.execute(
      tx,
    );
    if (link.rows[0]!.n === 0)
      add(
        'body.applicantId',
        'not_representative',
        'Заявитель не указан родителем (законным представителем) ребёнка',
      );
  }

  const special = input.groupFocus === 'compensating' || input.groupFocus === 'combined';
  if (special && !input.pmpkNumber)
    add('body.pmpkNumber', 'required', 'Для группы этой направленности нужно заключение ПМПК');
  if (special && !input.pmpkDate) add('body.pmpkDate', 'required', 'Укажите дату заключения ПМПК');
  if (special && !input.impairmentType) add('body.impairmentType', 'required', 'Укажите вид нарушения');
  if (!special && input.impairmentType)
    add(
      'body.impairmentType',
      'not_allowed',
      'Вид нарушения указывается для компенсирующей или комбинированной группы',
    );

  if (input.transferFromId) {
    const seat = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM enrollments e JOIN organizations o ON o.id = e.organization_id
       WHERE e.person_id = ${input.childId} AND e.organization_id = ${input.transferFromId}
         AND o.kind = 'preschool' AND e.ended_on IS NULL`.execute(tx);
    if (seat.rows[0]!.n === 0)
      add('body.transferFromId', 'not_enrolled', 'Ребёнок не обучается в этом детском саду');
  }

  let checked: Checked = { categoryVersion: null, rightKind: null };
  if (input.right) {
    const category = claimableCategory(input.right.categoryCode, opts.today);
    if (!category)
      add('body.right.categoryCode', 'unknown', 'Неизвестная или недействующая категория льготы');
    else
      checked = { categoryVersion: category.version, rightKind: category.right as 'out_of_turn' | 'first' };
    const from = input.right.validFrom ?? input.right.documentIssuedOn;
    if (input.right.validTo && input.right.validTo < from)
      add(
        'body.right.validTo',
        'dates_out_of_order',
        'Срок действия льготы заканчивается раньше, чем начинается',
      );
    if (input.right.documentIssuedOn > opts.today)
      add('body.right.documentIssuedOn', 'in_future', 'Документ не может быть выдан в будущем');
  }
  if (errors.length) throw new AppError('validation_failed', 'Проверьте заявление', errors);
  return checked;
}
