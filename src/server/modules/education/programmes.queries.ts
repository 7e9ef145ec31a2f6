import type { Ctx } from '../../platform/context.ts';
import { EducationActions as A } from './education.policy.ts';
import { organizationForAction } from './education-scope.ts';
import { presentProgramme } from './programme.presenter.ts';

export async function listProgrammes(ctx: Ctx, organizationId: string) {
  const org = await organizationForAction(ctx, ctx.db, organizationId, A['programme.read']);
  const rows = await ctx.db
    .selectFrom('education_programmes')
    .selectAll()
    .where('organization_id', '=', org.id)
    .orderBy('level')
    .orderBy('name')
    .execute();
  return { items: rows.map(presentProgramme) };
}
