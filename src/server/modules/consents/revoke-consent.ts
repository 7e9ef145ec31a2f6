import type { RevokeConsentInput } from '../../../common/schemas/consent.ts';
import { authorize } from '../../platform/access/policy.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/tx.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { recordWrite } from '../../platform/record-write.ts';
import { loadPersonCard } from '../persons/load-person.ts';
import { ConsentActions } from './consents.policy.ts';
import { listConsents } from './consents.queries.ts';

/**
 * Revokes a consent (152-ФЗ ст. 9 ч. 2). Processing that rests on it stops for new writes at once;
 * destroying the data already held is the privacy module's act, not a side effect of this one.
 */
export const revokeConsent = (ctx: Ctx, subjectId: string, consentId: string, input: RevokeConsentInput) =>
  withTransaction(ctx.db, async (tx) => {
    const action = ConsentActions['consent.write'];
    const grants = authorize(ctx.actor!, action);
    const subject = await loadPersonCard(ctx, tx, subjectId, grants, action);
    const current = await tx
      .selectFrom('consents')
      .select(['id', 'given_on', 'revoked_on'])
      .where('id', '=', consentId)
      .where('subject_id', '=', subject.id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('Согласие').audited('consent.revoke', 'consent', consentId);
    if (current.revoked_on !== null) {
      throw new AppError('conflict', `Согласие уже отозвано ${formatDate(current.revoked_on)}`);
    }
    if (input.revokedOn < current.given_on) {
      throw invalidField('body.revokedOn', 'Дата отзыва раньше даты согласия', 'before_given');
    }
    const [before] = await listConsents(tx, subject.id, consentId);
    await tx
      .updateTable('consents')
      .set({ revoked_on: input.revokedOn, revocation_reason: input.reason ?? null })
      .where('id', '=', consentId)
      .execute();
    const [item] = await listConsents(tx, subject.id, consentId);
    const snapshot = (c: typeof item) => ({ ...c!, representative: c!.representative?.id ?? null });
    await recordWrite(
      tx,
      ctx,
      {
        type: 'consent',
        id: consentId,
        version: 2,
        change: 'revoke',
        before: snapshot(before),
        after: snapshot(item),
      },
      {
        action: 'consent.revoke',
        subjectIds: [subject.id],
        details: { personId: subject.id, purpose: item!.purpose },
      },
    );
    return item!;
  });

const formatDate = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
