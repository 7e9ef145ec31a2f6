import { describe, expect, it } from 'vitest';
import {
  isValidSnils,
  normalizeBirthCertSeries,
  validateBirthCertificate,
  validatePassportRf,
} from '../common/identifiers/index.ts';
import { HARDSHIP_CATEGORIES } from '../common/person-dictionary.ts';
import { anniversary, fullYears } from './dates.ts';
import { transliterate } from './duplicates.ts';
import { osaDistance } from './edit-distance.ts';
import { generateRegion } from './index.ts';
import { DUPLICATE_KINDS, type PersonRow } from './person-types.ts';
import { collectPersons } from './persons.ts';
import { dayNumber } from './random.ts';

const LEARNERS = 6000;
const region = generateRegion({ learners: LEARNERS, seed: 'records' });
const data = collectPersons(region, {
  learners: LEARNERS,
  seed: 'records',
  duplicateShare: 0.03,
  twinShare: 0.03,
});
const t = data.tables;
const asOf = dayNumber('2025-09-01');
const day = (iso: string) => dayNumber(iso);
const byId = new Map(t.persons.map((p) => [p.id, p]));
const duplicateIds = new Set(data.planted.map((p) => p.duplicateId));
const regular = t.persons.filter((p) => !duplicateIds.has(p.id));
const has = (rows: { person_id: string }[]) => new Set(rows.map((r) => r.person_id));

describe('generated person records', () => {
  it('gives ~90% of persons a valid СНИЛС, unique across the region', () => {
    const snils = regular.map((p) => p.snils).filter((s): s is string => s !== null);
    expect(snils.every(isValidSnils)).toBe(true);
    expect(new Set(snils).size).toBe(snils.length);
    expect(snils.length / regular.length).toBeGreaterThan(0.85);
    expect(snils.length / regular.length).toBeLessThan(0.95);
  });

  it('gives everyone one valid, unique identity document fitting the age', () => {
    const documented = has(t.person_documents);
    expect(regular.every((p) => documented.has(p.id))).toBe(true);
    expect(t.person_documents).toHaveLength(regular.length);
    const keys = new Set(t.person_documents.map((d) => `${d.type}|${d.series ?? ''}|${d.number}`));
    expect(keys.size).toBe(t.person_documents.length);
    for (const d of t.person_documents) {
      const p = byId.get(d.person_id) as PersonRow;
      const birth = day(p.birth_date);
      const age = fullYears(birth, asOf);
      const issued = day(d.issued_on);
      expect(issued).toBeGreaterThan(birth);
      expect(issued).toBeLessThanOrEqual(asOf);
      if (p.citizenship_codes === '{643}') expect(d.type).toBe(age < 14 ? '03' : '21');
      else expect(d.type).toMatch(age < 14 ? /^23$/ : /^(10|12)$/);
      if (d.type === '03') {
        expect(validateBirthCertificate(`${d.series} ${d.number}`).valid).toBe(true);
        expect(normalizeBirthCertSeries(d.series)).toBe(d.series);
        expect(issued - birth).toBeLessThanOrEqual(31);
        expect(d.issuer).toMatch(/ЗАГС/);
        expect(d.act_record_number).toMatch(/^\d+$/);
      }
      if (d.type === '21') {
        expect(validatePassportRf(`${d.series} ${d.number}`).valid).toBe(true);
        expect(d.issuer_code).toMatch(/^380-0\d\d$/);
        expect([14, 20, 45]).toContain(fullYears(birth, issued));
        expect(d.series?.slice(2)).toBe(d.issued_on.slice(2, 4));
      }
    }
    const types = new Set(t.person_documents.map((d) => d.type));
    expect([...types].sort()).toEqual(['03', '10', '12', '21', '23']);
  });

  it('registers everyone at an address with ОКТМО, some with an actual address too', () => {
    const registered = has(t.person_addresses.filter((a) => a.kind === 'registration'));
    expect(t.persons.every((p) => registered.has(p.id))).toBe(true);
    expect(t.person_addresses.every((a) => /^\d{8}(\d{3})?$/.test(a.oktmo))).toBe(true);
    expect(t.person_addresses.every((a) => a.text.startsWith('Иркутская область, '))).toBe(true);
    const actual = has(t.person_addresses.filter((a) => a.kind === 'actual')).size / t.persons.length;
    expect(actual).toBeGreaterThan(0.05);
    expect(actual).toBeLessThan(0.2);
  });

  it('makes most persons Russian citizens, some foreign, a few stateless', () => {
    const russian = regular.filter((p) => p.citizenship_codes === '{643}').length / regular.length;
    expect(russian).toBeGreaterThan(0.94);
    expect(russian).toBeLessThan(0.99);
    const allowed = /^\{(643|051|112|398|417|762|860|804)\}$/;
    for (const p of t.persons) {
      if (p.stateless) expect(p.citizenship_codes).toBe('{}');
      else expect(p.citizenship_codes).toMatch(allowed);
    }
    expect(t.persons.some((p) => p.citizenship_codes !== '{643}' && !p.stateless)).toBe(true);
  });

  it('plants near-duplicates of every kind with the documented properties', () => {
    const kinds = new Map<string, number>();
    const documented = has(t.person_documents);
    const enrolled = has(t.enrollments);
    const represented = new Set(t.representations.map((r) => r.learner_id));
    for (const pair of data.planted) {
      kinds.set(pair.kind, (kinds.get(pair.kind) ?? 0) + 1);
      const a = byId.get(pair.originalId) as PersonRow;
      const b = byId.get(pair.duplicateId) as PersonRow;
      expect([b.birth_date, b.sex]).toEqual([a.birth_date, a.sex]);
      expect(b.snils).toBeNull();
      expect(documented.has(b.id)).toBe(false);
      expect(enrolled.has(b.id) && represented.has(b.id)).toBe(true);
      const same = (keys: (keyof PersonRow)[]) => keys.every((k) => a[k] === b[k]);
      if (pair.kind === 'last_name_typo') {
        expect(same(['first_name', 'middle_name'])).toBe(true);
        expect(osaDistance(a.last_name.toLowerCase(), b.last_name.toLowerCase())).toBe(1);
      } else if (pair.kind === 'first_name_typo') {
        expect(same(['last_name', 'middle_name'])).toBe(true);
        expect(osaDistance(a.first_name.toLowerCase(), b.first_name.toLowerCase())).toBe(1);
      } else if (pair.kind === 'yo_e') {
        const fold = (p: PersonRow) => `${p.last_name} ${p.first_name} ${p.middle_name}`.replaceAll('ё', 'е');
        expect(fold(b)).toBe(fold(a));
        expect(`${b.last_name}${b.first_name}${b.middle_name}`).not.toBe(
          `${a.last_name}${a.first_name}${a.middle_name}`,
        );
      } else if (pair.kind === 'swapped_names') {
        expect([b.last_name, b.first_name, b.middle_name]).toEqual([
          a.first_name,
          a.last_name,
          a.middle_name,
        ]);
      } else {
        expect(b.last_name).toBe(transliterate(a.last_name));
        expect(`${b.last_name}${b.first_name}${b.middle_name}`).toMatch(/^[A-Za-z-]+$/);
      }
    }
    expect([...kinds.keys()].sort()).toEqual([...DUPLICATE_KINDS].sort());
    // Roughly equal shares, and about the requested 3% of learners.
    for (const n of kinds.values()) expect(n).toBeGreaterThan(data.planted.length / 10);
    expect(data.planted.length / LEARNERS).toBeGreaterThan(0.02);
    expect(data.planted.length / LEARNERS).toBeLessThan(0.04);
  });

  it('plants twins as hard negatives: same surname, patronymic, birth date, different first names', () => {
    expect(data.twins.length).toBeGreaterThan(20);
    const planted = new Set(data.planted.flatMap((p) => [`${p.originalId}|${p.duplicateId}`]));
    for (const pair of data.twins) {
      const a = byId.get(pair.firstId) as PersonRow;
      const b = byId.get(pair.secondId) as PersonRow;
      expect([b.last_name, b.middle_name, b.birth_date, b.sex]).toEqual([
        a.last_name,
        a.middle_name,
        a.birth_date,
        a.sex,
      ]);
      expect(b.first_name).not.toBe(a.first_name);
      expect(planted.has(`${a.id}|${b.id}`) || planted.has(`${b.id}|${a.id}`)).toBe(false);
    }
  });

  it('keeps health data for some learners, each with a health-data consent of a parent', () => {
    const health = has(t.person_health);
    expect(t.person_health.every((h) => h.health_group >= 1 && h.health_group <= 5)).toBe(true);
    expect(t.person_disabilities.every((d) => health.has(d.person_id))).toBe(true);
    expect(t.person_special_needs.every((d) => health.has(d.person_id))).toBe(true);
    expect(t.consents.map((c) => c.subject_id).sort()).toEqual([...health].sort());
    const learners = data.learners;
    expect(t.person_disabilities.length / learners).toBeGreaterThan(0.01);
    expect(t.person_disabilities.length / learners).toBeLessThan(0.03);
    expect(t.person_special_needs.length / learners).toBeGreaterThan(0.04);
    expect(t.person_special_needs.length / learners).toBeLessThan(0.08);
    const since = new Map(
      t.representations.map((r) => [`${r.learner_id}|${r.representative_id}`, r.valid_from]),
    );
    for (const c of t.consents) {
      expect([c.purpose, c.scope]).toEqual([
        'health_data',
        '{health_group,pe_group,disability,special_needs,long_term_treatment}',
      ]);
      const subject = byId.get(c.subject_id) as PersonRow;
      expect(c.given_on >= subject.birth_date && c.given_on <= '2025-09-01').toBe(true);
      // The app's rule: a minor on the day of the consent needs a representative in office that day.
      if (fullYears(day(subject.birth_date), day(c.given_on)) >= 18) expect(c.representative_id).toBeNull();
      else {
        const from = since.get(`${c.subject_id}|${c.representative_id}`);
        expect(from).toBeDefined();
        if (from) expect(from <= c.given_on).toBe(true);
      }
    }
    for (const d of t.person_disabilities) {
      const subject = byId.get(d.person_id) as PersonRow;
      if (d.category === 'child') expect(d.valid_until).toBe(isoOf(anniversary(day(subject.birth_date), 18)));
    }
  });

  it('records difficult life situations from the federal list for a few percent', () => {
    expect(t.person_hardships.every((h) => h.category in HARDSHIP_CATEGORIES)).toBe(true);
    expect(t.person_hardships.every((h) => h.ended_on === null || h.ended_on >= h.started_on)).toBe(true);
    const share = has(t.person_hardships).size / data.learners;
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.1);
  });
});

function isoOf(d: number): string {
  return new Date(d * 86_400_000).toISOString().slice(0, 10);
}
