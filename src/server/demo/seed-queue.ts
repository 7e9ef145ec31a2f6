import type pg from 'pg';
import { makeSnils } from '../../common/identifiers/index.ts';
import { RIGHT_CATEGORIES } from '../../common/queue-dictionary.ts';
import { namePicker } from '../../generator/names.ts';
import { createRandom, dayNumber, isoFromDay } from '../../generator/random.ts';
import { seedQueueGroups } from './seed-queue-groups.ts';

const FAMILIES = 240;

/**
 * The demo municipality's preschool queue: children under school age who attend no kindergarten yet,
 * each with a mother and one application filed over the last two years for up to three of the
 * municipality's kindergartens. A few claim a right (some confirmed, some waiting), so the queue screens
 * open on real lists. Idempotent: a municipality with applications is left alone.
 */
export async function seedQueue(client: pg.Client, municipalityId: string, today: string, seed: number) {
  const has = await client.query('SELECT 1 FROM preschool_applications WHERE municipality_id = $1 LIMIT 1', [
    municipalityId,
  ]);
  if (has.rowCount) return;
  const kindergartens = (
    await client.query<{ id: string }>(
      `SELECT o.id FROM organizations o
        WHERE o.kind = 'preschool' AND o.status = 'active'
          AND o.id IN (SELECT descendant_id FROM scope_closure WHERE ancestor_id = $1)
        ORDER BY o.short_name LIMIT 40`,
      [municipalityId],
    )
  ).rows.map((r) => r.id);
  if (kindergartens.length === 0) return;
  await seedQueueGroups(client, kindergartens, today, seed);
  const oktmo = (
    await client.query<{ oktmo: string }>('SELECT oktmo FROM territories WHERE id = $1', [municipalityId])
  ).rows[0]!.oktmo.slice(0, 8);
  // Every child and parent has a СНИЛС, as the region's records do; numbers no one else holds.
  const taken = new Set(
    (await client.query<{ snils: string }>('SELECT snils FROM persons WHERE snils IS NOT NULL')).rows.map(
      (r) => r.snils,
    ),
  );
  let body = 870_000_000;
  const snils = () => {
    let s = makeSnils(String(body++));
    while (taken.has(s)) s = makeSnils(String(body++));
    return s;
  };
  const rng = createRandom(`${seed}:queue`);
  const names = namePicker();
  const todayDay = dayNumber(today);
  const rights = RIGHT_CATEGORIES.filter((c) => c.right !== 'sibling');
  // Filed in time order, so the arrival numbers follow the registration instants.
  const filed = Array.from({ length: FAMILIES }, () => todayDay - rng.int(1, 730)).sort((a, b) => a - b);
  for (const [i, day] of filed.entries()) {
    const surname = names.surname(rng);
    const sex = rng.chance(0.5) ? 'male' : 'female';
    const child = names.person(rng, sex, 'child', surname);
    const mother = names.person(rng, 'female', 'adult', surname);
    // Registered at 2 months to 4 years old, wanting a place from the next September or sooner.
    const birthDay = day - rng.int(60, 1460);
    const desired = Math.max(day + rng.int(30, 400), birthDay + 365);
    const ids = await client.query<{ id: string }>(
      `INSERT INTO persons (last_name, first_name, middle_name, birth_date, sex, citizenship_codes, snils)
       VALUES ($1, $2, $3, $4, $5, '{643}', $10), ($6, $7, $8, $9, 'female', '{643}', $11) RETURNING id`,
      [
        child.lastName,
        child.firstName,
        child.middleName,
        isoFromDay(birthDay),
        sex,
        mother.lastName,
        mother.firstName,
        mother.middleName,
        isoFromDay(birthDay - rng.int(7000, 13000)),
        snils(),
        snils(),
      ],
    );
    const [childId, motherId] = [ids.rows[0]!.id, ids.rows[1]!.id];
    await client.query(
      `INSERT INTO representations (learner_id, representative_id, relation) VALUES ($1, $2, 'mother')`,
      [childId, motherId],
    );
    const right = rng.chance(0.12) ? rights[rng.int(0, rights.length - 1)]! : null;
    const rightState = right ? (rng.chance(0.6) ? 'confirmed' : 'pending') : null;
    const status = rightState === 'pending' ? 'awaiting_confirmation' : 'queued';
    const at = new Date((day * 86_400 + rng.int(8 * 3600, 18 * 3600)) * 1000 - 8 * 3600_000);
    const app = await client.query<{ id: string }>(
      `INSERT INTO preschool_applications (number, arrival_no, registered_at, municipality_id, child_id, applicant_id,
                                           desired_on, status, filed_by)
       SELECT $1 || '-' || n, n, $2, $3, $4, $5, $6, $7, $8
         FROM (SELECT nextval('preschool_application_arrival_seq') AS n) s RETURNING id`,
      [
        oktmo,
        at,
        municipalityId,
        childId,
        motherId,
        isoFromDay(desired),
        status,
        rng.chance(0.7) ? 'citizen' : 'operator',
      ],
    );
    const appId = app.rows[0]!.id;
    const count = rng.int(1, Math.min(3, kindergartens.length));
    const first = (i * 7 + rng.int(0, 3)) % kindergartens.length;
    for (let rank = 1; rank <= count; rank++) {
      await client.query(
        `INSERT INTO preschool_application_preferences (application_id, rank, organization_id) VALUES ($1, $2, $3)`,
        [appId, rank, kindergartens[(first + rank - 1) % kindergartens.length]],
      );
    }
    const events: [string, string, string][] = [
      ['filed', right ? 'awaiting_confirmation' : 'queued', 'Заявление зарегистрировано'],
    ];
    if (right) {
      await client.query(
        `INSERT INTO preschool_application_rights (application_id, category_code, category_version, right_kind,
                                                   document_title, document_number, document_issued_on, valid_from,
                                                   status, decided_at, decision_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10)`,
        [
          appId,
          right.code,
          right.version,
          right.right,
          right.confirmingDocuments[0] ?? 'Документ, подтверждающий право',
          `${rng.int(10, 99)}-${rng.int(100000, 999999)}`,
          isoFromDay(day - rng.int(10, 300)),
          rightState,
          rightState === 'confirmed' ? at : null,
          rightState === 'confirmed' ? 'Документ проверен' : null,
        ],
      );
      events.push([
        'right_claimed',
        'awaiting_confirmation',
        'Заявлена льгота: до её подтверждения заявление находится в общей очереди',
      ]);
      if (rightState === 'confirmed') events.push(['right_confirmed', 'queued', 'Льгота подтверждена']);
    }
    for (const [kind, st, reason] of events)
      await client.query(
        `INSERT INTO preschool_application_events (application_id, at, kind, status, reason) VALUES ($1, $2, $3, $4, $5)`,
        [appId, at, kind, st, reason],
      );
  }
}
