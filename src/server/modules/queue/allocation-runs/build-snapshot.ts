import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/tx.ts';
import type { AllocationSnapshot, SnapshotApplication } from '../allocation/snapshot.ts';

/** Statuses that wait for a place: a pending right ranks as none until it is confirmed. */
export const WAITING_STATUSES = ['queued', 'awaiting_confirmation', 'wants_change'] as const;

/** The snapshot id of an application: its arrival number, zero-padded so text order is arrival order. */
export const snapshotId = (arrivalNo: string | number) => String(arrivalNo).padStart(12, '0');

type AppRow = {
  id: string;
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
 * arrival number, a child only a birth date; the application ids behind the arrival numbers come back
 * beside the snapshot, for writing the outcomes.
 */
export async function buildSnapshot(
  tx: Tx,
  run: { id: string; municipality_id: string; reference_date: string },
): Promise<{ snapshot: AllocationSnapshot; applicationIds: Map<string, string> }> {
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
  // Set by set, each part joined once to the waiting applications: per-application subqueries cost a
  // hundred thousand index probes each at a municipality's scale.
  const apps = await sql<AppRow>`
    WITH a AS MATERIALIZED (
      SELECT a.id, a.arrival_no, a.child_id, a.municipality_id, a.registered_at, a.group_focus, a.stay_mode,
             a.language, a.accepts_alternatives, a.transfer_from_id
        FROM preschool_applications a
       WHERE a.municipality_id = ${run.municipality_id}
         AND a.status IN ('queued', 'awaiting_confirmation', 'wants_change')
         AND a.desired_on <= ${ref}
         AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.application_id = a.id AND r.status = 'issued'))
    , prefs AS (
      SELECT pr.application_id, array_agg(pr.organization_id::text ORDER BY pr.rank) AS list
        FROM a JOIN preschool_application_preferences pr ON pr.application_id = a.id
       GROUP BY 1)
    , rights AS (
      SELECT r.application_id,
             CASE WHEN bool_or(r.right_kind = 'out_of_turn') THEN 'out_of_turn' ELSE 'first' END AS kind
        FROM a JOIN preschool_application_rights r ON r.application_id = a.id
       WHERE r.status = 'confirmed' AND r.valid_from <= ${ref} AND (r.valid_to IS NULL OR r.valid_to >= ${ref})
       GROUP BY 1)
    , siblings AS (
      SELECT pr.application_id, array_agg(DISTINCT pr.organization_id::text ORDER BY pr.organization_id::text) AS at
        FROM a
        JOIN representations c ON c.learner_id = a.child_id AND c.revoked_at IS NULL
        JOIN representations s ON s.representative_id = c.representative_id AND s.revoked_at IS NULL
                              AND s.learner_id <> a.child_id
        JOIN enrollments e ON e.person_id = s.learner_id AND e.ended_on IS NULL
        JOIN preschool_application_preferences pr ON pr.application_id = a.id AND pr.organization_id = e.organization_id
       GROUP BY 1)
    , areas AS (
      SELECT DISTINCT ON (a.id) a.id AS application_id, c.id::text AS area
        FROM a
        JOIN person_addresses ad ON ad.person_id = a.child_id AND ad.oktmo IS NOT NULL
        JOIN catchments c ON c.municipality_id = a.municipality_id
                         AND (c.oktmo @> ARRAY[ad.oktmo] OR c.oktmo @> ARRAY[left(ad.oktmo, 8)])
       ORDER BY a.id, array_position(ARRAY['actual', 'registration', 'stay'], ad.kind),
                (c.oktmo @> ARRAY[ad.oktmo]) DESC, c.name)
    SELECT a.id, a.arrival_no::text, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date,
           to_char(a.registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS registered_at,
           prefs.list AS preferences, rights.kind AS "right", coalesce(siblings.at, '{}') AS siblings_at,
           a.group_focus, a.stay_mode, a.language, a.accepts_alternatives,
           cur.organization_id::text AS current_org, cur.unit_id::text AS current_unit, areas.area
      FROM a
      JOIN persons p ON p.id = a.child_id
      LEFT JOIN prefs ON prefs.application_id = a.id
      LEFT JOIN rights ON rights.application_id = a.id
      LEFT JOIN siblings ON siblings.application_id = a.id
      LEFT JOIN areas ON areas.application_id = a.id
      LEFT JOIN LATERAL (
        SELECT g.organization_id, g.unit_id
          FROM enrollments e
          JOIN placements pl ON pl.enrollment_id = e.id
          JOIN allocation_run_groups g ON g.run_id = ${run.id} AND g.unit_id = pl.unit_id
         WHERE a.transfer_from_id IS NOT NULL AND e.person_id = a.child_id
           AND e.organization_id = a.transfer_from_id AND e.ended_on IS NULL
           AND pl.valid_from <= ${ref} AND (pl.valid_to IS NULL OR pl.valid_to > ${ref})
         LIMIT 1) cur ON true
     ORDER BY a.arrival_no`.execute(tx);
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
  const applicationIds = new Map(apps.rows.map((a) => [snapshotId(a.arrival_no), a.id]));
  const snapshot: AllocationSnapshot = {
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
  return { snapshot, applicationIds };
}
