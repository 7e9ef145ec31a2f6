import { Kysely, PostgresDialect, type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSnils } from '../../src/common/identifiers/index.ts';
import { assemble, eraseOf } from '../../src/server/platform/person-data/assemble.ts';
import { personDataProblems } from '../../src/server/platform/person-data/guard.ts';
import { PERSON_DATA } from '../../src/server/platform/person-data/registry.ts';
import type { PersonRef, PersonTable } from '../../src/server/platform/person-data/types.ts';
import {
  buildMunicipality,
  buildOrganization,
  buildRegion,
  buildUser,
  type TestUser,
} from '../support/factories.ts';
import { createLearner, learnerInput } from '../support/person-factories.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
// biome-ignore lint/suspicious/noExplicitAny: the test reads the catalogue and every declared table
let db: Kysely<any>;
let regional: TestUser;
let operator: TestUser;
let org: string;

const q = async (text: string, params: unknown[] = []) => (await s.owner.query(text, params)).rows;

beforeAll(async () => {
  s = await startTestServer();
  // The owner's pool: the guard reads the catalogue and creates a scratch schema.
  db = new Kysely({ dialect: new PostgresDialect({ pool: s.owner }) });
  const region = await buildRegion(s);
  org = (await buildOrganization(s, { territoryId: await buildMunicipality(s) })).id;
  regional = await buildUser(s, 'regional_operator', region, { healthAccess: true });
  operator = await buildUser(s, 'org_operator', org);
});
// The Kysely instance shares the owner pool, which stop() ends.
afterAll(() => s.stop());

describe('person-data registry guard', () => {
  it('finds every foreign key to persons declared, and every declaration backed by the catalogue', async () => {
    expect(await personDataProblems(db, PERSON_DATA)).toEqual([]);
    // Not vacuous: the catalogue has the foreign keys the registry declares.
    const fks = await q(`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f'
                          AND confrelid = 'public.persons'::regclass`);
    expect(fks[0].n).toBeGreaterThanOrEqual(20);
  });

  it('reports a new table with a foreign key to persons that no module declared', async () => {
    await q('CREATE SCHEMA registry_scratch');
    try {
      await q(`CREATE TABLE registry_scratch.pupil_notes (
                 id serial PRIMARY KEY, note text, pupil_id uuid NOT NULL REFERENCES public.persons (id))`);
      expect(await personDataProblems(db, PERSON_DATA)).toEqual([
        'registry_scratch.pupil_notes.pupil_id references persons but is not declared in the person-data registry',
      ]);
    } finally {
      await q('DROP SCHEMA registry_scratch CASCADE');
    }
    expect(await personDataProblems(db, PERSON_DATA)).toEqual([]);
  });

  it('reports a declared column that does not exist or has no foreign key, and card columns that disagree', async () => {
    const contacts = PERSON_DATA.get('person_contacts')!;
    const wrong: PersonTable = {
      ...contacts,
      refs: [...contacts.refs, { column: 'owner_id' }, { column: 'value' }],
      card: ['value'],
    };
    const registry = assemble([...PERSON_DATA.tables.filter((t) => t !== contacts), wrong]);
    expect(await personDataProblems(db, registry)).toEqual([
      'public.person_contacts.owner_id is declared but does not exist',
      'public.person_contacts.value is declared as a person column but has no foreign key to persons',
      'public.person_contacts: card triggers read person_id, declared value',
    ]);
    const missing = assemble(PERSON_DATA.tables.filter((t) => t.table !== 'consents'));
    expect(await personDataProblems(db, missing)).toEqual([
      'public.consents.representative_id references persons but is not declared in the person-data registry',
      'public.consents.subject_id references persons but is not declared in the person-data registry',
    ]);
  });

  it('refuses an inconsistent set of declarations', () => {
    const contacts = PERSON_DATA.get('person_contacts')!;
    expect(() => assemble([contacts, contacts])).toThrow(/declared twice/);
    expect(() => assemble([{ ...contacts, refs: [] }])).toThrow(/names no person column/);
  });

  it('gives every table a reason where it keeps, hides or leaves out data', () => {
    for (const t of PERSON_DATA.tables) {
      const reasons = [
        t.merge.rule === 'keep' ? t.merge.reason : 'moved',
        'hidden' in t.citizen ? t.citizen.hidden : t.citizen.section,
        'none' in t.export ? t.export.none : 'exported',
        ...[t.erase, ...t.refs.map((r) => eraseOf(t, r))].map((e) => ('reason' in e ? e.reason : e.rule)),
      ];
      for (const r of reasons) expect(r.length, t.table).toBeGreaterThan(3);
    }
    // The health flag is what merge and the presenters read.
    expect(PERSON_DATA.healthTables).toEqual([
      'person_health',
      'person_disabilities',
      'person_special_needs',
    ]);
  });
});

/** Rows of the table whose column names one of the persons. */
const naming = (ref: PersonRef, ids: string[]) =>
  ref.array
    ? sql<boolean>`t.${sql.ref(ref.column)} && ${ids}::uuid[]`
    : sql<boolean>`t.${sql.ref(ref.column)} = ANY(${ids}::uuid[])`;

const count = async (table: string, where: RawBuilder<boolean>) =>
  Number(
    (
      await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)} t WHERE ${where}`.execute(
        db,
      )
    ).rows[0]!.n,
  );

const nameKeys = async (keys: string[]) =>
  (await q('SELECT key FROM person_name_keys WHERE key = ANY($1) ORDER BY key', [keys])).map((r) => r.key);

describe('destruction against the registry', () => {
  it('leaves no trace of the person in any declared table, name keys included', async () => {
    // A first name she shares with another active learner; a last and a middle name only she uses.
    const other = await createLearner(s, operator, org, { firstName: 'Евпраксия', sex: 'female' });
    const victim = await createLearner(s, operator, org, {
      lastName: 'Бесследнова',
      firstName: 'Евпраксия',
      middleName: 'Тихоновна',
      sex: 'female',
      contacts: [{ kind: 'phone', value: '+7 902 555-44-33' }],
      hardships: [{ category: 'family_hardship', startedOn: '2022-02-01' }],
    });
    const id = victim.id;
    const rep = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${id}/representatives`,
      headers: operator.headers,
      payload: {
        relation: 'mother',
        representative: learnerInput(null, { sex: 'female', birthDate: '1985-03-03' }),
      },
    });
    expect(rep.statusCode, rep.body).toBe(201);
    const motherId = rep.json().representatives[0].person.id as string;
    const alias = await q(
      `INSERT INTO persons (last_name, first_name, birth_date, sex, snils, status, merged_into_id)
       VALUES ('Бесследнава', 'Евпраксия', $1, 'female', $2, 'merged', $3) RETURNING id`,
      [victim.birthDate, makeSnils('271828182'), id],
    );
    const aliasId = alias[0].id as string;
    // A record merged into the other learner whose last name is spelled like her patronymic: merged
    // records keep their keys (undoing the merge makes them active again without rewriting the name).
    await q(
      `INSERT INTO persons (last_name, first_name, birth_date, sex, status, merged_into_id)
       VALUES ('Тихоновна', 'Евпраксия', $1, 'female', 'merged', $2)`,
      [victim.birthDate, other.id],
    );
    await q(`INSERT INTO person_health (person_id, health_group) VALUES ($1, 2)`, [id]);
    await q(
      `INSERT INTO person_disabilities (person_id, category, valid_from) VALUES ($1, 'child', '2019-03-01')`,
      [id],
    );
    await q(
      `INSERT INTO person_special_needs (person_id, pmpk_date, pmpk_number) VALUES ($1, '2020-04-01', '77')`,
      [id],
    );
    await q(
      `INSERT INTO consents (subject_id, representative_id, purpose, scope, given_on, document, revocation_reason)
       VALUES ($1, $2, 'health_data', '{health_group}', '2021-09-01', 'Заявление', 'Отзыв')`,
      [id, motherId],
    );
    const [a, b] = [id, other.id].sort();
    await q(`INSERT INTO person_distinctions (person_a, person_b, reason) VALUES ($1, $2, 'разные')`, [a, b]);
    await q(
      `INSERT INTO person_merges (survivor_id, merged_id, reason, moved) VALUES ($1, $2, 'дубль', '{}')`,
      [id, aliasId],
    );
    await q(
      `INSERT INTO access_requests (kind, person_id, requester_user_id, requester_node_id, target_node_id,
         organization_id, started_on, comment)
       VALUES ('enroll', $1, $2, $3, $3, $3, '2025-09-01', 'переводится')`,
      [id, operator.id, org],
    );
    await q(
      `INSERT INTO match_tokens (token_hash, user_id, person_id, expires_at)
       VALUES (sha256('registry-test'::bytea), $1, $2, now() + interval '1 hour')`,
      [operator.id, id],
    );
    await q(
      `INSERT INTO data_correction_requests (person_id, organization_id, requester_user_id, section, text)
       VALUES ($1, $2, $3, 'personal', 'Отчество указано неверно')`,
      [id, org, operator.id],
    );
    const gia = await q(
      `INSERT INTO gia_imports (format, file_sha256, scope_node_id, total_rows, inserted, updated, unchanged, rejected)
       SELECT 'csv', repeat('a', 64), id, 1, 1, 0, 0, 0 FROM territories WHERE kind = 'region' RETURNING id`,
    );
    await q(
      `INSERT INTO gia_results (person_id, exam_kind, subject, exam_date, document_type, document_series,
         document_number, mark, import_id, source_row)
       VALUES ($1, 'oge', 'Математика', '2025-05-21', '03', 'I-АА', '271828', 4, $2, 2)`,
      [id, gia[0].id],
    );
    // A row of an uploaded contingent file written to her.
    const upload = await q(
      `INSERT INTO contingent_imports (organization_id, format, file_sha256, total_rows, status)
       VALUES ($1, 'csv', repeat('b', 64), 1, 'completed') RETURNING id`,
      [org],
    );
    await q(
      `INSERT INTO contingent_import_rows (import_id, row_index, row_number, organization_id, cells, content_hash,
         outcome, person_id)
       VALUES ($1, 0, 2, $2, '{"lastName": "Бесследнова"}', repeat('c', 64), 'created', $3)`,
      [upload[0].id, org, id],
    );
    // Attendance from an e-journal, corrected once (the history keeps the first value), and a grade.
    await q(
      `INSERT INTO attendance_days (organization_id, person_id, date, status, source_system, source_id, batch_id)
       VALUES ($1, $2, current_date - 1, 'present', 'registry-test', 'a-1', gen_random_uuid())`,
      [org, id],
    );
    await q(`UPDATE attendance_days SET status = 'absent', reason = 'illness', version = 2
              WHERE source_system = 'registry-test'`);
    await q(
      `INSERT INTO learner_results (organization_id, person_id, academic_year, kind, subject, scale, grade,
         graded_on, source_system, source_id, batch_id)
       VALUES ($1, $2, '2024/2025', 'annual', 'Математика', 'five_point', '5', '2025-05-30', 'registry-test',
               'r-1', gen_random_uuid())`,
      [org, id],
    );
    // A portfolio achievement, corrected once (its history row goes with it).
    await q(
      `INSERT INTO learner_achievements (organization_id, person_id, title, level, kind, achieved_on, result,
         source_system, source_id, batch_id)
       VALUES ($1, $2, 'Олимпиада по физике', 'municipal', 'olympiad', '2024-12-10', 'participant', 'registry-test',
               'p-1', gen_random_uuid())`,
      [org, id],
    );
    await q(`UPDATE learner_achievements SET result = 'winner', version = 2, batch_id = gen_random_uuid()
              WHERE source_system = 'registry-test'`);
    // A case of «прекратил посещение» with its history row.
    await q(
      `WITH c AS (
         INSERT INTO out_of_education_cases (kind, person_id, municipality_id, organization_id, episode,
                                             detected_on, evidence_on)
         SELECT 'stopped_attending', $2, o.territory_id, o.id, 'run:2024-05-01', current_date, current_date
           FROM organizations o WHERE o.id = $1 RETURNING id)
       INSERT INTO out_of_education_case_events (case_id, action, to_status) SELECT id, 'detected', 'detected' FROM c`,
      [org, id],
    );
    await q(`UPDATE enrollments SET ended_on = '2024-05-31' WHERE person_id = $1`, [id]);
    const keys = (
      await q(`SELECT person_name_key('Бесследнова') AS l, person_name_key('Бесследнава') AS al,
                      person_name_key('Евпраксия') AS f, person_name_key('Тихоновна') AS m`)
    )[0];
    expect(await nameKeys([keys.l, keys.al, keys.f, keys.m])).toEqual(
      [keys.l, keys.al, keys.f, keys.m].sort(),
    );

    const ids = [id, aliasId];
    // Every table that destruction does not keep holds rows of hers beforehand: the check below is not empty.
    for (const t of PERSON_DATA.tables) {
      const erased = t.refs.filter((r) => eraseOf(t, r).rule !== 'keep');
      if (erased.length === 0) continue;
      const before = await count(
        t.table,
        sql.join(
          erased.map((r) => naming(r, ids)),
          sql` OR `,
        ),
      );
      expect(before, `${t.table} before destruction`).toBeGreaterThan(0);
    }

    const res = await s.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${id}/destroy`,
      headers: regional.headers,
      payload: { basis: 'subject_request', confirm: true },
    });
    expect(res.statusCode, res.body).toBe(201);

    for (const t of PERSON_DATA.tables) {
      for (const ref of t.refs) {
        const rule = eraseOf(t, ref);
        const where = naming(ref, ids);
        const label = `${t.table}.${ref.column} (${rule.rule})`;
        if (rule.rule === 'delete') expect(await count(t.table, where), label).toBe(0);
        if (rule.rule === 'anonymise') {
          const cleared = sql.join(
            Object.entries(rule.set).map(([c, v]) => sql`t.${sql.ref(c)} IS NOT DISTINCT FROM ${v}`),
            sql` AND `,
          );
          expect(await count(t.table, sql<boolean>`(${where}) AND NOT (${cleared})`), label).toBe(0);
        }
        if (rule.rule === 'custom' || rule.rule === 'derived') {
          const left = rule.remains ? sql<boolean>`(${where}) AND NOT (${rule.remains})` : where;
          expect(await count(t.table, left), label).toBe(0);
        }
      }
    }
    // The anonymised consent is still there, as evidence of a lawful basis.
    expect(
      await q('SELECT document, revocation_reason, representative_id FROM consents WHERE subject_id = $1', [
        id,
      ]),
    ).toEqual([{ document: null, revocation_reason: null, representative_id: null }]);
    // Keys only she (and her merged alias) used are gone; those other records use stay.
    expect(await nameKeys([keys.l, keys.al, keys.f, keys.m])).toEqual([keys.f, keys.m].sort());
    const search = await s.app.inject({
      method: 'GET',
      url: `/api/v1/persons?q=${encodeURIComponent(`${other.lastName} Евпраксия`)}`,
      headers: regional.headers,
    });
    expect(search.json().items.map((i: { id: string }) => i.id)).toContain(other.id);
  });
});
