import { describe, expect, it } from 'vitest';
import namesData from './data/names-ru.json' with { type: 'json' };
import { ageYears, fullYears } from './dates.ts';
import { AGE_BANDS } from './families.ts';
import { generateRegion } from './index.ts';
import type { PersonRow } from './person-types.ts';
import { collectPersons, generatePersons } from './persons.ts';
import { dayNumber } from './random.ts';

const LEARNERS = 6000;
const region = generateRegion({ learners: LEARNERS, seed: 38 });
const options = { learners: LEARNERS, seed: 38, duplicateShare: 0.03, twinShare: 0.03 };
const data = collectPersons(region, options);
const t = data.tables;
const asOf = dayNumber('2025-09-01');
const byId = new Map(t.persons.map((p) => [p.id, p]));
const day = (iso: string) => dayNumber(iso);
const duplicateIds = new Set(data.planted.map((p) => p.duplicateId));
const enrolled = new Set(t.enrollments.map((e) => e.person_id));
const learners = t.persons.filter((p) => enrolled.has(p.id));
const originals = learners.filter((p) => !duplicateIds.has(p.id));
const representatives = new Set(t.representations.map((r) => r.representative_id));
const maleSurname = new Map(namesData.surnames.map((s) => [s.female, s.male]));
const malePatronymic = new Map(namesData.patronymics.map((p) => [p.female, p.male]));
const orgKind = new Map(region.organizations.map((o) => [o.id, o.kind]));

describe('generatePersons', () => {
  it('is a function of region and options, whatever the chunk size', () => {
    const again = collectPersons(region, { ...options, chunkSize: 700 });
    expect(again).toEqual(data);
    const other = collectPersons(region, { ...options, seed: 39 });
    expect(other.tables.persons[0]?.id).not.toBe(t.persons[0]?.id);
    expect(region).toEqual(generateRegion({ learners: LEARNERS, seed: 38 }));
    const chunks = [...generatePersons(region, { ...options, chunkSize: 1000 })];
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.reduce((n, c) => n + c.learners, 0)).toBe(LEARNERS);
  });

  it('makes exactly the learners asked for, plus duplicates and ~1.5 representatives each', () => {
    expect(data.learners).toBe(LEARNERS);
    expect(originals).toHaveLength(LEARNERS);
    expect(data.duplicates).toBe(data.planted.length);
    expect(representatives.size).toBe(data.representatives);
    expect(t.persons).toHaveLength(LEARNERS + data.duplicates + data.representatives);
    const perLearner = t.representations.filter((r) => !duplicateIds.has(r.learner_id)).length / LEARNERS;
    expect(perLearner).toBeGreaterThan(1.35);
    expect(perLearner).toBeLessThan(1.65);
    // Siblings share parents: fewer representatives than representation links.
    expect(data.representatives).toBeLessThan(t.representations.length * 0.8);
  });

  it('gives every learner a representative, guardians an authority document', () => {
    const represented = new Set(t.representations.map((r) => r.learner_id));
    expect(learners.every((p) => represented.has(p.id))).toBe(true);
    for (const r of t.representations) {
      const learner = byId.get(r.learner_id) as PersonRow;
      const rep = byId.get(r.representative_id) as PersonRow;
      expect(rep.birth_date < learner.birth_date).toBe(true);
      if (r.relation === 'mother') expect(rep.sex).toBe('female');
      if (r.relation === 'father') expect(rep.sex).toBe('male');
      if (r.relation === 'guardian' || r.relation === 'trustee') {
        expect(r.authority_document).toMatch(/^Распоряжение органа опеки/);
        const age = fullYears(day(learner.birth_date), asOf);
        expect(r.relation).toBe(age < 14 ? 'guardian' : 'trustee');
      }
    }
    expect(new Set(t.representations.map((r) => r.relation))).toEqual(
      new Set(['mother', 'father', 'guardian', 'trustee']),
    );
    const phones = new Set(t.person_contacts.filter((c) => c.kind === 'phone').map((c) => c.person_id));
    expect(phones.size / representatives.size).toBeGreaterThan(0.9);
    expect(t.person_contacts.every((c) => representatives.has(c.person_id))).toBe(true);
  });

  it('lets siblings share surname and patronymic', () => {
    const children = new Map<string, PersonRow[]>();
    for (const r of t.representations) {
      if (duplicateIds.has(r.learner_id) || r.relation !== 'mother') continue;
      const kid = byId.get(r.learner_id) as PersonRow;
      children.set(r.representative_id, [...(children.get(r.representative_id) ?? []), kid]);
    }
    // Compare the masculine forms when a brother and a sister meet.
    const masculine = (p: PersonRow) => [
      maleSurname.get(p.last_name) ?? p.last_name,
      malePatronymic.get(p.middle_name ?? '') ?? p.middle_name,
    ];
    let families = 0;
    for (const kids of children.values()) {
      if (kids.length < 2) continue;
      families++;
      const [a, ...rest] = kids as [PersonRow, ...PersonRow[]];
      for (const b of rest) {
        if (a.sex === b.sex) expect([b.last_name, b.middle_name]).toEqual([a.last_name, a.middle_name]);
        else expect(masculine(b)).toEqual(masculine(a));
        expect(b.first_name).not.toBe(a.first_name);
      }
    }
    expect(families).toBeGreaterThan(500);
  });

  it('enrolls learners of the right age in each kind of organization, plausibly dated', () => {
    const kinds = new Map<string, number>();
    let additional = 0;
    let schoolLearners = 0;
    for (const e of t.enrollments) {
      const p = byId.get(e.person_id) as PersonRow;
      const kind = orgKind.get(e.organization_id);
      expect(kind).toBeDefined();
      const age = ageYears(day(p.birth_date), asOf);
      if (kind === 'additional') additional++;
      else {
        const [lo, hi] = AGE_BANDS[kind as keyof typeof AGE_BANDS];
        expect(age).toBeGreaterThanOrEqual(lo);
        expect(age).toBeLessThanOrEqual(hi);
        kinds.set(kind as string, (kinds.get(kind as string) ?? 0) + 1);
        if (kind === 'school') schoolLearners++;
      }
      expect(e.started_on <= '2025-09-01').toBe(true);
      const startAge = ageYears(day(p.birth_date), day(e.started_on));
      if (kind === 'school') expect(startAge).toBeGreaterThanOrEqual(6.5);
      if (kind === 'preschool') expect(startAge).toBeGreaterThanOrEqual(0.99);
      if (kind === 'vocational') expect(startAge).toBeGreaterThanOrEqual(15);
    }
    const share = (k: string) => (kinds.get(k) ?? 0) / (LEARNERS + data.duplicates);
    expect(share('preschool')).toBeCloseTo(0.22, 1);
    expect(share('school')).toBeCloseTo(0.68, 1);
    expect(share('vocational')).toBeCloseTo(0.1, 1);
    expect(additional / schoolLearners).toBeGreaterThan(0.33);
    expect(additional / schoolLearners).toBeLessThan(0.47);
    const liquidated = new Set(
      region.organizations.filter((o) => o.status === 'liquidated').map((o) => o.id),
    );
    expect(t.enrollments.some((e) => liquidated.has(e.organization_id))).toBe(false);
  });

  it('links given parents to children in given organizations, never issuing their СНИЛС', () => {
    const school = region.organizations.find((o) => o.kind === 'school' && o.status === 'active');
    const kindergarten = region.organizations.find((o) => o.kind === 'preschool' && o.status === 'active');
    const parent = {
      lastName: 'Смирнова',
      firstName: 'Анна',
      middleName: 'Сергеевна',
      sex: 'female' as const,
    };
    const linked = collectPersons(region, {
      learners: 300,
      seed: 38,
      reservedSnils: ['12345678964'],
      linkedFamilies: [
        {
          parent: { ...parent, snils: '11223344595' },
          children: [{ organizationId: school?.id ?? '' }, { organizationId: kindergarten?.id ?? '' }],
        },
      ],
    });
    const [family] = linked.linked;
    const lt = linked.tables;
    const mother = lt.persons.find((p) => p.id === family?.parentId);
    expect(mother).toMatchObject({ last_name: 'Смирнова', first_name: 'Анна', snils: '11223344595' });
    expect(lt.persons.filter((p) => p.snils === '11223344595' || p.snils === '12345678964')).toHaveLength(1);
    const kids = (family?.childIds ?? []).map((id) => lt.persons.find((p) => p.id === id) as PersonRow);
    expect(kids.map((k) => k.last_name).sort()).toEqual(
      kids.map((k) => (k.sex === 'female' ? 'Смирнова' : 'Смирнов')).sort(),
    );
    const orgs = lt.enrollments
      .filter((e) => family?.childIds.includes(e.person_id))
      .map((e) => e.organization_id);
    expect(orgs).toContain(school?.id);
    expect(orgs).toContain(kindergarten?.id);
    const first = family?.childIds[0];
    expect(lt.person_health.some((h) => h.person_id === first)).toBe(true);
    expect(lt.consents.find((c) => c.subject_id === first)?.representative_id).toBe(mother?.id);
    expect(
      lt.representations.filter((r) => r.representative_id === mother?.id).map((r) => r.relation),
    ).toEqual(['mother', 'mother']);
  });
});
