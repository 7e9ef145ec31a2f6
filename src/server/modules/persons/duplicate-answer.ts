import type { Kysely } from 'kysely';
import type { Grant } from '../../platform/access/actor.ts';
import { auditInTx, auditNow, type Ctx } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { issueMatchTokens } from '../access-requests/match-tokens.ts';
import { type Candidate, type ExactDuplicate, personsInScope } from './find-duplicates.ts';

/** Audit action of every answer that tells the caller about other persons' records. */
export const DUPLICATE_ANSWER_ACTION = 'person.duplicate_answer';

/** Identity constraints a concurrent insert can hit after the duplicate check passed. */
export const PERSON_IDENTITY_CONSTRAINTS = ['persons_snils_uq', 'person_documents_uq'];

export const isUniqueViolation = (err: unknown, constraints: string[]) => {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' && constraints.includes(e.constraint ?? '');
};

/**
 * A candidate as the caller may see it. Inside the caller's scope: the record itself. Outside: only
 * that a match exists and a match token to act on it (ask for access, or state that it is someone
 * else); no id, name, birth date or organization.
 */
export type CandidateView =
  | (Omit<Candidate, 'inScope'> & { inScope: true })
  | { inScope: false; matchToken: string };

type Found =
  | { kind: 'exact'; exact: ExactDuplicate }
  | { kind: 'candidates'; candidates: Candidate[]; path: string };

/**
 * Thrown inside a transaction when duplicate control stops a write. The transaction rolls back first;
 * answeringDuplicates then builds the answer, issues its tokens and audits it, in that order, so
 * the audit row survives the rollback.
 */
export class DuplicateFound extends Error {
  readonly found: Found;
  constructor(found: Found) {
    super('duplicate found');
    this.found = found;
  }
}

const TURN_TO =
  'Если это тот же человек, направьте запрос доступа организации, в которой он обучается (ответ придет после ее решения), или обратитесь в муниципальный орган управления образованием.';

async function present(db: Kysely<DB>, ctx: Ctx, candidates: Candidate[]): Promise<CandidateView[]> {
  const outside = candidates.filter((c) => !c.inScope).map((c) => c.id);
  const tokens = await issueMatchTokens(db, ctx.actor!.userId, outside);
  return candidates.map(({ inScope, ...c }) =>
    inScope ? { ...c, inScope: true as const } : { inScope: false as const, matchToken: tokens.get(c.id)! },
  );
}

const auditFact = (code: string, ids: string[], inScope: number, grant: Grant | undefined) => ({
  action: DUPLICATE_ANSWER_ACTION,
  objectType: 'person',
  subjectIds: ids,
  details: { code, inScope, outOfScope: ids.length - inScope },
  grant: grant ?? null,
});

/** The problem answer for a duplicate found; written after the write's transaction rolled back. */
export async function answerDuplicate(ctx: Ctx, grants: Grant[], found: Found): Promise<AppError> {
  if (found.kind === 'exact') {
    const { exact } = found;
    const inScope = (await personsInScope(ctx.db, [exact.personId], grants)).has(exact.personId);
    const what = exact.field === 'snils' ? 'с таким СНИЛС' : 'с таким документом';
    const errors = [
      { path: exact.path, code: 'duplicate', message: 'Значение уже принадлежит другой записи' },
    ];
    let err: AppError;
    if (inScope) {
      err = new AppError(
        'duplicate_person',
        `Человек ${what} уже есть в реестре. Используйте существующую запись.`,
        errors,
        { existingPersonId: exact.personId, inScope: true },
      );
    } else {
      const tokens = await issueMatchTokens(ctx.db, ctx.actor!.userId, [exact.personId]);
      err = new AppError(
        'duplicate_person',
        `Человек ${what} уже есть в реестре, но вне вашей области доступа. ${TURN_TO}`,
        errors,
        { inScope: false, matchToken: tokens.get(exact.personId)! },
      );
    }
    await auditNow(ctx, auditFact('duplicate_person', [exact.personId], inScope ? 1 : 0, grants[0]));
    return err;
  }
  const views = await present(ctx.db, ctx, found.candidates);
  const inScope = found.candidates.filter((c) => c.inScope).length;
  await auditNow(
    ctx,
    auditFact(
      'duplicate_candidates',
      found.candidates.map((c) => c.id),
      inScope,
      grants[0],
    ),
  );
  return new AppError(
    'duplicate_candidates',
    `Найдены похожие записи с той же датой рождения. Выберите существующую запись или укажите, почему это другой человек.${inScope < found.candidates.length ? ` Часть записей вне вашей области доступа. ${TURN_TO}` : ''}`,
    [
      {
        path: `${found.path}.duplicateResolution`,
        code: 'required',
        message: 'Требуется решение по похожим записям',
      },
    ],
    { candidates: views },
  );
}

/**
 * Runs a write that does duplicate control and turns its refusal into the audited answer. A unique
 * violation on СНИЛС or document means a concurrent request stored the same person after the check:
 * it is answered like the check would have answered, from the committed record.
 */
export async function answeringDuplicates<T>(
  ctx: Ctx,
  grants: Grant[],
  run: () => Promise<T>,
  findExact: () => Promise<ExactDuplicate | null>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof DuplicateFound) throw await answerDuplicate(ctx, grants, err.found);
    if (isUniqueViolation(err, PERSON_IDENTITY_CONSTRAINTS)) {
      const exact = await findExact();
      if (exact) throw await answerDuplicate(ctx, grants, { kind: 'exact', exact });
      throw new AppError(
        'conflict',
        'СНИЛС или документ уже принадлежит другой записи или указан дважды. Проверьте данные и повторите действие.',
      );
    }
    throw err;
  }
}

/** Candidates returned with a successful write (an edit made a near-duplicate), audited in its transaction. */
export async function presentCandidatesInTx(
  tx: Tx,
  ctx: Ctx,
  grants: Grant[],
  candidates: Candidate[],
): Promise<CandidateView[]> {
  if (candidates.length === 0) return [];
  const views = await present(tx, ctx, candidates);
  const inScope = candidates.filter((c) => c.inScope).length;
  await auditInTx(
    tx,
    ctx,
    auditFact(
      'duplicate_candidates',
      candidates.map((c) => c.id),
      inScope,
      grants[0],
    ),
  );
  return views;
}
