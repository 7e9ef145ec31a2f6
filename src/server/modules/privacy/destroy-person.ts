import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Tx, withTransaction } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { personInScope } from '../persons/person-scope.ts';
import { closeCitizenAccounts } from './close-citizen-accounts.ts';
import { type Basis, DESTRUCTION_METHOD } from './destruction-terms.ts';
import { collectDestruction, eraseRows, type Subject } from './erase-person-rows.ts';
import { PrivacyActions } from './privacy.policy.ts';

export type DestroyInput = { basis: Basis; basisDetails?: string | null | undefined; confirm: true };

/**
 * Lawful destruction of a person's data (152-ФЗ ст. 21; confirmation per Приказ РКН № 179). In one
 * transaction: every table of the person-data registry is erased as declared (documents, addresses,
 * contacts, hardships, health, links, history and name keys go; consents lose what identifies anyone),
 * the person row is overwritten down to sex and birth year, the citizen account linked
 * by the СНИЛС is closed, and an act is written. The row itself stays as a stub, so enrollments
 * (organization, dates) keep counting in statistics. closedUserIds: accounts whose cached sessions
 * the caller forgets after commit.
 */
export const destroyPerson = (ctx: Ctx, personId: string, input: DestroyInput) =>
  withTransaction(ctx.db, async (tx) => {
    const action = PrivacyActions['person.destroy'];
    const grants = authorize(ctx.actor!, action);
    const person = await sql<Subject & { merged_into_id: string | null }>`
      SELECT id, last_name, first_name, middle_name, snils, sex, birth_date, status, merged_into_id, version
        FROM persons p WHERE p.id = ${personId} AND ${personInScope('p.id', grants)} FOR UPDATE`.execute(tx);
    const p = person.rows[0];
    if (!p || p.status === 'destroyed')
      throw notFound('Запись о человеке').audited(action, 'person', personId);
    if (p.status === 'merged') {
      throw new AppError(
        'conflict',
        'Запись объединена с другой: уничтожается основная запись вместе со всеми объединенными',
        [],
        { survivorId: p.merged_into_id },
      );
    }
    const ids = [p.id, ...(await aliasesOf(tx, p.id))];
    await assertPurposeEnded(tx, ids);
    await assertNoIdentifiersIn(tx, p, ids, input.basisDetails);

    const found = await collectDestruction(tx, p, ids);
    const linked = await eraseRows(tx, ids, found.historyIds, ctx.actor!.userId);
    const actId = randomUUID();
    const accounts = await closeCitizenAccounts(tx, ctx, { personId: p.id, actId, snilses: found.snilses });
    const categories = [...found.categories, ...(accounts.erased ? ['citizen_account'] : [])];
    const act = await tx
      .insertInto('destruction_acts')
      .values({
        id: actId,
        act_number: sql<string>`'УПД-' || to_char(now() AT TIME ZONE 'Europe/Moscow', 'YYYY') || '-'
          || lpad(nextval('destruction_act_number_seq')::text, 6, '0')`,
        person_id: p.id,
        basis: input.basis,
        basis_details: input.basisDetails ?? null,
        destroyed_categories: categories,
        kept_statistics: JSON.stringify(found.kept),
        performed_by: ctx.actor!.userId,
        method: DESTRUCTION_METHOD,
      })
      .returning(['id', 'act_number'])
      .executeTakeFirstOrThrow();
    // Ids only, as everywhere in the log: after destruction they point at stubs.
    await recordWrite(
      tx,
      ctx,
      {
        type: 'person',
        id: p.id,
        version: p.version + 1,
        change: 'destroy',
        before: { status: 'active' },
        after: { status: 'destroyed', destructionActId: act.id },
      },
      {
        action,
        subjectIds: [...new Set([...ids, ...linked])],
        details: {
          actId: act.id,
          actNumber: act.act_number,
          basis: input.basis,
          categories,
          aliases: ids.length - 1,
          citizenAccounts: accounts.userIds.length,
        },
      },
    );
    return { actId: act.id, actNumber: act.act_number, closedUserIds: accounts.userIds };
  });

/** Records merged into this one (transitively): they are the same person and go with it. */
async function aliasesOf(tx: Tx, id: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    WITH RECURSIVE a AS (
      SELECT id FROM persons WHERE merged_into_id = ${id}
      UNION SELECT p.id FROM persons p JOIN a ON p.merged_into_id = a.id)
    SELECT p.id FROM persons p JOIN a ON a.id = p.id FOR UPDATE OF p`.execute(tx);
  return r.rows.map((x) => x.id);
}

/**
 * While a person studies, or is the current representative of someone who studies, processing is
 * required by 273-ФЗ, and neither a request nor a revoked consent lets the operator destroy the
 * data (152-ФЗ ст. 21 ч. 5: "если иное не предусмотрено федеральным законом"). The exit is
 * recorded first, or the representation ended. A child in the preschool queue, and its applicant, are
 * there for the same service: the application is closed first.
 */
async function assertPurposeEnded(tx: Tx, ids: string[]) {
  const r = await sql<{ studies: boolean; represents: boolean; queued: boolean }>`
    SELECT EXISTS (SELECT 1 FROM enrollments WHERE person_id = ANY(${ids}::uuid[])
                     AND (ended_on IS NULL OR ended_on >= current_date)) AS studies,
           EXISTS (SELECT 1 FROM representations r JOIN enrollments e ON e.person_id = r.learner_id
                    WHERE r.representative_id = ANY(${ids}::uuid[]) AND r.revoked_at IS NULL
                      AND (e.ended_on IS NULL OR e.ended_on >= current_date)) AS represents,
           EXISTS (SELECT 1 FROM preschool_applications a
                    WHERE (a.child_id = ANY(${ids}::uuid[]) OR a.applicant_id = ANY(${ids}::uuid[]))
                      AND a.closed_on IS NULL) AS queued`.execute(tx);
  const { studies, represents, queued } = r.rows[0]!;
  if (queued) {
    throw new AppError(
      'business_rule',
      'Заявление в детский сад ещё в очереди: цель обработки не достигнута. Сначала закройте заявление.',
      [{ path: 'params.id', code: 'in_queue', message: 'Есть заявление в очереди' }],
    );
  }
  if (studies) {
    throw new AppError(
      'business_rule',
      'Человек продолжает обучение: цель обработки не достигнута. Сначала оформите выбытие.',
      [{ path: 'params.id', code: 'still_enrolled', message: 'Есть действующее зачисление' }],
    );
  }
  if (represents) {
    throw new AppError(
      'business_rule',
      'Человек — законный представитель обучающегося, который продолжает обучение. Сначала прекратите связь.',
      [{ path: 'params.id', code: 'represents_learner', message: 'Есть действующая связь с обучающимся' }],
    );
  }
}

/** Latin letters that look like Cyrillic ones: «Ивaнoвa» typed with Latin a and o names Иванова. */
const LATIN_LOOKALIKES: Record<string, string> = {
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  k: 'к',
  m: 'м',
  n: 'п',
  o: 'о',
  p: 'р',
  r: 'г',
  t: 'т',
  u: 'и',
  x: 'х',
  y: 'у',
};

/**
 * Text folded so that look-alike spellings compare equal: compatibility forms (full-width digits),
 * combining marks and invisible format characters (zero-width space) dropped, letter case and ё
 * ignored, and Latin look-alikes read as the Cyrillic letters they imitate. Applied to both sides,
 * so names and document numbers written in Latin letters still match themselves.
 */
export function foldForComparison(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .toLowerCase()
    .replace(/[a-z]/g, (ch) => LATIN_LOOKALIKES[ch] ?? ch);
}

/** The act must not itself hold what it destroys: the basis text may not name the subject. */
async function assertNoIdentifiersIn(tx: Tx, p: Subject, ids: string[], details: string | null | undefined) {
  if (!details) return;
  const docs = await tx
    .selectFrom('person_documents')
    .select('number')
    .where('person_id', 'in', ids)
    .execute();
  const norm = foldForComparison;
  const text = norm(details);
  const digits = text.replace(/\D/g, '');
  // Zero and three stand in for о and з inside a name, never inside a number.
  const words = text.replace(/0/g, 'о').replace(/3/g, 'з');
  // Names decline (Иванова → Ивановой), so a long name is matched by its stem.
  const stem = (n: string) => norm(n.length >= 6 ? n.slice(0, -2) : n);
  const hit =
    [p.last_name, p.first_name, p.middle_name]
      .filter((n): n is string => !!n && n.length >= 3)
      .some((n) => words.includes(stem(n))) ||
    (!!p.snils && digits.includes(p.snils)) ||
    docs.some((d) => d.number.length >= 4 && text.includes(norm(d.number)));
  if (hit) {
    throw new AppError(
      'business_rule',
      'Основание не должно содержать ФИО, СНИЛС или номера документов субъекта: акт хранится после уничтожения',
      [{ path: 'body.basisDetails', code: 'contains_identifier', message: 'Уберите сведения о субъекте' }],
    );
  }
}
