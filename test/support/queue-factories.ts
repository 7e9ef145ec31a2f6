import { expect } from 'vitest';
import type { TestUser } from './factories.ts';
import { api } from './order-factories.ts';
import { createLearnerWithParent } from './person-factories.ts';
import type { TestServer } from './server.ts';

/** A confirmed внеочередное right with its document, as a specialist confirms it. */
const OUT_OF_TURN = {
  categoryCode: 'OUT_OF_TURN_PROSECUTOR',
  documentTitle: 'Справка с места службы',
  documentIssuedOn: '2025-01-10',
};

/**
 * Files a preschool application for a new child with a parent, through the API as `filer`; with
 * `confirmRightBy`, the child claims an out-of-turn right that this specialist confirms.
 */
export async function fileQueueApplication(
  s: TestServer,
  filer: TestUser,
  opts: {
    municipalityId: string;
    preferences: string[];
    birthDate: string;
    desiredOn: string;
    learner?: Record<string, unknown>;
    confirmRightBy?: TestUser;
  },
) {
  const { call } = api(s);
  const { learner, parentId } = await createLearnerWithParent(s, filer, null as unknown as string, {
    learner: { birthDate: opts.birthDate, documents: [], ...opts.learner },
  });
  const res = await call(filer, 'POST', '/preschool-applications', {
    municipalityId: opts.municipalityId,
    childId: learner.id,
    applicantId: parentId,
    desiredOn: opts.desiredOn,
    preferences: opts.preferences,
    ...(opts.confirmRightBy ? { right: OUT_OF_TURN } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  const a = res.json();
  if (opts.confirmRightBy) {
    const ok = await call(
      opts.confirmRightBy,
      'POST',
      `/preschool-applications/${a.id}/rights/${a.rights[0].id}/decision`,
      { decision: 'confirmed' },
    );
    expect(ok.statusCode, ok.body).toBe(200);
  }
  return { ...a, lastName: learner.lastName as string } as {
    id: string;
    number: string;
    registeredAt: string;
    version: number;
    lastName: string;
  };
}

/** A preschool group of a kindergarten in an academic year, with its age band and places. */
export async function kindergartenGroup(
  s: TestServer,
  organizationId: string,
  yearId: string,
  g: { name: string; ageFrom: number; ageTo: number; capacity: number; focus?: string },
) {
  const r = await s.owner.query(
    `INSERT INTO units (organization_id, academic_year_id, kind, name, age_from, age_to, capacity, group_focus)
     VALUES ($1, $2, 'group', $3, $4, $5, $6, $7) RETURNING id`,
    [organizationId, yearId, g.name, g.ageFrom, g.ageTo, g.capacity, g.focus ?? null],
  );
  return r.rows[0].id as string;
}
