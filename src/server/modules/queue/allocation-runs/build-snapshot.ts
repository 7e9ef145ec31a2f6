import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tx.ts';
import type { AllocationSnapshot, SnapshotApplication } from '../allocation/snapshot.ts';

/** Statuses that wait for a place: a pending right ranks as none until it is confirmed. */
export const WAITING_STATUSES = ['queued', 'awaiting_confirmation', 'wants_change'] as const;

/** The snapshot id of an application: its arrival number, zero-padded so text order is arrival order. */
export const snapshotId = (arrivalNo: string | number) => String(arrivalNo).padStart(12, '0');

type AppRow = {
  arrival_no: string;
  birth_date: string;
  registered_at: string;
  preferences: string[];
  right: 'out_of_turn' | 'first' | null;
  siblings_at: string[];
  group_focus: string;
  stay_mode: string;
  language: string;
  accepts_alternatives: boolean;
  current_org: string | null;
  current_unit: string | null;
  area: string | null;
};

/**
 * The run's input in the inspection format, from the database as it stands: the run's groups with the
 * free places the specialist set, and the municipality's waiting applications whose desired date has
 * come by the reference date and which hold no referral. Nothing personal goes in: an application is its
 * arrival number, a child only a birth date.
 */
export async function buildSnapshot(
  tx: Tx,
  run: { id: string; municipality_id: string; reference_date: string },
): Promise<AllocationSnapshot> {
  const ref = run.reference_date;
  const groups = await sql<{
    organization_id: string;
    unit_id: string;
    age_from: number;
    age_to: number;
    free: number;
    group_focus: string | null;
    stay_mode: string | null;
    teaching_language: string | null;
  }>`
    SELECT g.organization_id, g.unit_id, u.age_from, u.age_to, g.free, u.group_focus, u.stay_mode,
           u.teaching_language
      FROM allocation_run_groups g JOIN units u ON u.id = g.unit_id
     WHERE g.run_id = ${run.id}`.execute(tx);
  // Every working kindergarten of the municipality takes part, with or without groups, so that a ranked
  // one without a group for the child is explained as such.
  const kgs = await sql<{ id: string; area: string | null }>`
    SELECT o.id,
           (SELECT min(ck.catchment_id::text) FROM catchment_kindergartens ck
              JOIN catchments c ON c.id = ck.catchment_id
             WHERE ck.organization_id = o.id AND c.municipality_id = ${run.municipality_id}) AS area
      FROM organizations o
     WHERE o.kind = 'preschool'
       AND (o.status <> 'liquidated' OR o.id IN (SELECT organization_id FROM allocation_run_groups WHERE run_id = ${run.id}))
       AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = ${run.municipality_id})`.execute(
    tx,
  );
  const apps = await sql<AppRow>`
    WITH a AS (
      SELECT a.* FROM preschool_applications a
       WHERE a.municipality_id = ${run.municipality_id}
         AND a.status IN ('queued', 'awaiting_confirmation', 'wants_change')
         AND a.desired_on <= ${ref}
         AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.application_id = a.id AND r.status = 'issued'))
    SELECT a.arrival_no::text, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date,
           to_char(a.registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS registered_at,
           (SELECT array_agg(pr.organization_id::text ORDER BY pr.rank)
              FROM preschool_application_preferences pr WHERE pr.application_id = a.id) AS preferences,
           (SELECT CASE WHEN bool_or(r.right_kind = 'out_of_turn') THEN 'out_of_turn' ELSE 'first' END
              FROM preschool_application_rights r
             WHERE r.application_id = a.id AND r.status = 'confirmed' AND r.valid_from <= ${ref}
               AND (r.valid_to IS NULL OR r.valid_to >= ${ref})
            HAVING count(*) > 0) AS "right",
           ARRAY(SELECT DISTINCT pr.organization_id::text
                   FROM preschool_application_preferences pr
                   JOIN enrollments e ON e.organization_id = pr.organization_id AND e.ended_on IS NULL
                   JOIN representations s ON s.learner_id = e.person_id AND s.revoked_at IS NULL
                   JOIN representations c ON c.representative_id = s.representative_id
                                         AND c.learner_id = a.child_id AND c.revoked_at IS NULL
                  WHERE pr.application_id = a.id AND e.person_id <> a.child_id
                  ORDER BY 1) AS siblings_at,
           a.group_focus, a.stay_mode, a.language, a.accepts_alternatives,
           cur.organization_id::text AS current_org, cur.unit_id::text AS current_unit,
           (SELECT c.id::text FROM person_addresses ad
              JOIN catchments c ON c.municipality_id = a.municipality_id
                               AND (c.oktmo @> ARRAY[ad.oktmo] OR c.oktmo @> ARRAY[left(ad.oktmo, 8)])
             WHERE ad.person_id = a.child_id AND ad.oktmo IS NOT NULL
             ORDER BY array_position(ARRAY['actual', 'registration', 'stay'], ad.kind),
                      (c.oktmo @> ARRAY[ad.oktmo]) DESC, c.name
             LIMIT 1) AS area
      FROM a
      JOIN persons p ON p.id = a.child_id
      LEFT JOIN LATERAL (
        SELECT g.organization_id, g.unit_id
          FROM enrollments e
          JOIN placements pl ON pl.enrollment_id = e.id
          JOIN allocation_run_groups g ON g.run_id = ${run.id} AND g.unit_id = pl.unit_id
         WHERE a.transfer_from_id IS NOT NULL AND e.person_id = a.child_id
           AND e.organization_id = a.transfer_from_id AND e.ended_on IS NULL
           AND pl.valid_from <= ${ref} AND (pl.valid_to IS NULL OR pl.valid_to > ${ref})
         LIMIT 1) cur ON true`.execute(tx);
  const areas = await sql<{ id: string; nearest: string[] }>`
    SELECT c.id::text,
           ARRAY(SELECT n::text FROM unnest(c.neighbours) WITH ORDINALITY AS x(n, i)
                  WHERE n IN (SELECT id FROM catchments WHERE municipality_id = ${run.municipality_id})
                  ORDER BY i) AS nearest
      FROM catchments c WHERE c.municipality_id = ${run.municipality_id}`.execute(tx);

  const groupsOf = new Map<string, AllocationSnapshot['kindergartens'][number]['groups']>();
  for (const g of groups.rows) {
    const list = groupsOf.get(g.organization_id) ?? [];
    list.push({
      id: g.unit_id,
      ageFrom: g.age_from,
      ageTo: Math.min(g.age_to, 8),
      free: g.free,
      orientation: (g.group_focus ?? 'general') as 'general',
      ...(g.stay_mode ? { stayMode: g.stay_mode } : {}),
      ...(g.teaching_language ? { language: g.teaching_language } : {}),
    });
    groupsOf.set(g.organization_id, list);
  }
  const usedAreas = new Set(areas.rows.map((a) => a.id));
  return {
    referenceDate: ref,
    kindergartens: kgs.rows.map((k) => ({
      id: k.id,
      groups: groupsOf.get(k.id) ?? [],
      ...(k.area && usedAreas.has(k.area) ? { area: k.area } : {}),
    })),
    applications: apps.rows.map((a): SnapshotApplication => {
      const app: SnapshotApplication = {
        id: snapshotId(a.arrival_no),
        birthDate: a.birth_date,
        registeredAt: a.registered_at,
        preferences: a.preferences ?? [],
        right: a.right,
        siblingsAt: a.siblings_at,
        needs: { orientation: a.group_focus as 'general', stayMode: a.stay_mode, language: a.language },
        acceptsAlternatives: a.accepts_alternatives,
      };
      if (a.current_org && a.current_unit)
        app.current = { kindergartenId: a.current_org, groupId: a.current_unit };
      if (a.area) app.area = a.area;
      return app;
    }),
    areas: areas.rows,
  };
}
