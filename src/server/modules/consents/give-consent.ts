import { needsRepresentative } from '../../../common/consent-purposes.ts';
import type { GiveConsentInput } from '../../../common/schemas/consent.ts';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, invalidField } from '../../platform/errors.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { loadPersonCard } from '../persons/load-person.ts';
import { ConsentActions } from './consents.policy.ts';
import { listConsents } from './consents.queries.ts';

/**
 * Records a consent. A minor's consent is signed by a legal representative linked to the minor on
 * that day; an adult signs alone, or through a representative (a guardian) if one is named.
 */
export const giveConsent = (ctx: Ctx, subjectId: string, input: GiveConsentInput) =>
  withTransaction(ctx.db, async (tx) => {
    const action = ConsentActions['consent.write'];
    const grants = authorize(ctx.actor!, action);
    const subject = await loadPersonCard(ctx, tx, subjectId, grants, action);
    if (input.givenOn < subject.birthDate) {
      throw invalidField('body.givenOn', 'Дата согласия раньше даты рождения субъекта', 'before_birth');
    }
    if (!input.representativeId && needsRepresentative(subject.birthDate, input.givenOn)) {
      throw invalidField(
        'body.representativeId',
        'Субъект не достиг 18 лет на дату согласия: согласие дает законный представитель',
        'required',
      );
    }
    if (input.representativeId) {
      const link = await tx
        .selectFrom('representations')
        .select('id')
        .where('learner_id', '=', subject.id)
        .where('representative_id', '=', input.representativeId)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', input.givenOn)]))
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', input.givenOn)]))
        .executeTakeFirst();
      if (!link) {
        throw new AppError(
          'business_rule',
          'Указанный человек не является действующим законным представителем субъекта на дату согласия',
          [{ path: 'body.representativeId', code: 'not_representative', message: 'Выберите представителя' }],
        );
      }
    }
    const row = await tx
      .insertInto('consents')
      .values({
        subject_id: subject.id,
        representative_id: input.representativeId ?? null,
        purpose: input.purpose,
        scope: input.scope,
        given_on: input.givenOn,
        document: input.document ?? null,
        created_by: ctx.actor!.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [item] = await listConsents(tx, subject.id, row.id);
    await recordWrite(
      tx,
      ctx,
      {
        type: 'consent',
        id: row.id,
        version: 1,
        change: 'create',
        before: null,
        after: { ...item!, representative: item!.representative?.id ?? null },
      },
      {
        action: 'consent.give',
        subjectIds: [subject.id, ...(input.representativeId ? [input.representativeId] : [])],
        details: { personId: subject.id, purpose: input.purpose },
      },
    );
    return item!;
  });
