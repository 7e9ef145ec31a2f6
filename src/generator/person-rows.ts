import { birthPlace, type Geography, type Home, homeAddress, mobilePhone, nearbyHome } from './addresses.ts';
import { dayBetween, fullYears, ruDate } from './dates.ts';
import type { DocumentIssuer, SnilsIssuer } from './documents.ts';
import { misspell } from './duplicates.ts';
import { enrollmentStart } from './enrollment-dates.ts';
import type { AdultDraft, ChildDraft, FamilyDraft } from './families.ts';
import { addHardships, addHealth } from './health.ts';
import type { OrderedIds } from './ids.ts';
import {
  DUPLICATE_KINDS,
  type DuplicateKind,
  emptyTruth,
  type PersonChunk,
  type PersonRow,
  type PersonsTruth,
  type PersonTables,
  type PlantedPair,
  type Relation,
  type RepresentationRow,
} from './person-types.ts';
import { isoFromDay, type Random } from './random.ts';
import { slug } from './text.ts';
import type { AddressJson } from './types.ts';

export function emptyTables(): PersonTables {
  return {
    persons: [],
    person_documents: [],
    person_addresses: [],
    person_contacts: [],
    person_hardships: [],
    representations: [],
    enrollments: [],
    person_health: [],
    person_disabilities: [],
    person_special_needs: [],
    consents: [],
  };
}

const MAIL_DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru'] as const;

export type WriterContext = {
  /** Draws details (addresses, dates, health); ids come from their own stream. */
  rng: Random;
  ids: OrderedIds;
  /** Its own stream, so the duplicate share changes nothing else. */
  duplicates: Random;
  duplicateShare: number;
  snils: SnilsIssuer;
  documents: DocumentIssuer;
  geo: Geography;
  asOfDay: number;
};

type Shared = { family: FamilyDraft; registration: AddressJson; actual: AddressJson | null; moveIn: number };

/** Turns family drafts into table rows and collects them until the caller takes a chunk. */
export class PersonWriter {
  private readonly c: WriterContext;
  private out = emptyTables();
  private chunk: PersonsTruth = emptyTruth();
  private nextKind = 0;
  private plantPending = false;

  constructor(c: WriterContext) {
    this.c = c;
  }

  get learners(): number {
    return this.chunk.learners;
  }

  take(): PersonChunk {
    const chunk = { ...this.chunk, tables: this.out };
    this.out = emptyTables();
    this.chunk = emptyTruth();
    return chunk;
  }

  family(f: FamilyDraft): void {
    const { rng, asOfDay } = this.c;
    const eldest = Math.min(...f.children.map((ch) => ch.birthDay));
    const s: Shared = {
      family: f,
      registration: homeAddress(rng, f.home),
      actual: f.actualAddress ? homeAddress(rng, nearbyHome(rng, f.home)) : null,
      moveIn: dayBetween(rng, Math.max(eldest - 3 * 365, asOfDay - 20 * 365), asOfDay - 30),
    };
    const adultIds = f.adults.map((a) => this.adult(a, s));
    const childIds: string[] = [];
    f.children.forEach((ch, i) => {
      const id = this.child(ch, i, s, adultIds);
      childIds.push(id);
      if (ch.twinOf !== null) this.chunk.twins.push({ firstId: childIds[ch.twinOf] as string, secondId: id });
    });
    if (f.linked) this.chunk.linked.push({ parentId: adultIds[0] as string, childIds });
  }

  private person(
    p: { lastName: string; firstName: string; middleName: string | null; sex: PersonRow['sex'] },
    birthDay: number,
    f: FamilyDraft,
    snils: string | null,
    place: string | null,
    id: string,
  ): PersonRow {
    const row: PersonRow = {
      id,
      last_name: p.lastName,
      first_name: p.firstName,
      middle_name: p.middleName,
      birth_date: isoFromDay(birthDay),
      birth_place: place,
      sex: p.sex,
      citizenship_codes: f.citizenship === null ? '{}' : `{${f.citizenship}}`,
      stateless: f.citizenship === null,
      snils,
    };
    this.out.persons.push(row);
    return row;
  }

  private identity(id: string, birthDay: number, s: Shared, given: string | null): string | null {
    const f = s.family;
    const { rng } = this.c;
    const snils = given ?? (rng.chance(f.citizenship === '643' ? 0.92 : 0.4) ? this.c.snils.next() : null);
    const holder = { id, birthDay, citizenship: f.citizenship, birthPlaceGenitive: f.home.m.genitive };
    this.out.person_documents.push(this.c.documents.issue(holder, this.c.ids.next()));
    const from = isoFromDay(Math.max(s.moveIn, birthDay + 10));
    this.address(id, 'registration', s.registration, from);
    if (s.actual) this.address(id, 'actual', s.actual, null);
    return snils;
  }

  private address(personId: string, kind: 'registration' | 'actual', a: AddressJson, from: string | null) {
    this.out.person_addresses.push({
      id: this.c.ids.next(),
      person_id: personId,
      kind,
      text: a.text,
      oktmo: a.oktmo,
      valid_from: from,
    });
  }

  private adult(a: AdultDraft, s: Shared): string {
    const { rng, ids } = this.c;
    const id = ids.next();
    const place = s.family.citizenship === '643' && rng.chance(0.5) ? birthPlace(s.family.home.m) : null;
    const snils = this.identity(id, a.birthDay, s, a.snils);
    this.person(a, a.birthDay, s.family, snils, place, id);
    if (rng.chance(0.97)) {
      this.out.person_contacts.push({
        id: ids.next(),
        person_id: id,
        kind: 'phone',
        value: mobilePhone(rng),
      });
    }
    if (rng.chance(0.25)) {
      const local = `${slug(a.firstName)}.${slug(a.lastName)}${rng.chance(0.5) ? rng.int(1, 99) : ''}`;
      const value = `${local}@${rng.pick(MAIL_DOMAINS)}`;
      this.out.person_contacts.push({ id: ids.next(), person_id: id, kind: 'email', value });
    }
    this.chunk.representatives++;
    return id;
  }

  private child(ch: ChildDraft, index: number, s: Shared, adultIds: string[]): string {
    const { rng, ids, asOfDay } = this.c;
    const f = s.family;
    const id = ids.next();
    const place = f.citizenship === '643' ? birthPlace(f.home.m) : null;
    const snils = this.identity(id, ch.birthDay, s, null);
    const row = this.person(ch, ch.birthDay, f, snils, place, id);
    const firstRepresentation = this.out.representations.length;
    this.represent(id, ch.birthDay, f, adultIds);
    const startedOn = enrollmentStart(rng, ch.main.org.kind, ch.birthDay, asOfDay);
    this.enroll(ids.next(), id, ch.main.org.id, startedOn);
    if (ch.additional) {
      this.enroll(
        ids.next(),
        id,
        ch.additional.org.id,
        enrollmentStart(rng, 'additional', ch.birthDay, asOfDay),
      );
    }
    const subject = {
      id,
      birthDay: ch.birthDay,
      kind: ch.kind,
      startedOn,
      representativeId: adultIds[0] ?? null,
      // A guardian represents the child from the guardianship decision on.
      representsFrom: f.guardianSince,
    };
    const newId = () => ids.next();
    addHealth(rng, subject, asOfDay, this.out, newId, f.linked && index === 0);
    const hardship = { guardianSince: f.guardianSince, foreign: f.citizenship !== '643' };
    addHardships(rng, subject, hardship, asOfDay, this.out, newId);
    this.chunk.learners++;
    if (!f.linked && (this.plantPending || this.c.duplicates.chance(this.c.duplicateShare))) {
      const representation = this.out.representations[firstRepresentation] as RepresentationRow;
      this.plant(row, ch, s, representation, startedOn);
    }
    return id;
  }

  private represent(learnerId: string, birthDay: number, f: FamilyDraft, adultIds: string[]) {
    const { rng, ids, asOfDay } = this.c;
    f.adults.forEach((a, i) => {
      const guardian = a.role === 'guardian';
      const relation: Relation = guardian
        ? fullYears(birthDay, asOfDay) < 14
          ? 'guardian'
          : 'trustee'
        : a.role;
      const since = f.guardianSince ?? asOfDay;
      this.out.representations.push({
        id: ids.next(),
        learner_id: learnerId,
        representative_id: adultIds[i] as string,
        relation,
        authority_document: guardian
          ? `Распоряжение органа опеки и попечительства ${f.home.m.genitive} от ${ruDate(since)} ` +
            `№ ${rng.int(1, 2500)}-р об установлении ${relation === 'guardian' ? 'опеки' : 'попечительства'}`
          : null,
        valid_from: guardian ? isoFromDay(since) : null,
      });
    });
  }

  private enroll(id: string, personId: string, organizationId: string, startedOn: number) {
    this.out.enrollments.push({
      id,
      person_id: personId,
      organization_id: organizationId,
      started_on: isoFromDay(startedOn),
    });
  }

  /**
   * A second record of the child, as another organization (or the same one, later) would register it: same
   * birth date and sex, a misspelt name, and no СНИЛС or documents, which would make it an exact duplicate.
   */
  private plant(
    original: PersonRow,
    ch: ChildDraft,
    s: Shared,
    representation: RepresentationRow,
    originalStart: number,
  ) {
    const { duplicates: rng, asOfDay, ids } = this.c;
    // Ids next to the original's in sort order, drawn from the duplicates' own stream.
    const newId = () => ids.besideLast(rng);
    const kind = DUPLICATE_KINDS[this.nextKind % DUPLICATE_KINDS.length] as DuplicateKind;
    const name = {
      lastName: original.last_name,
      firstName: original.first_name,
      middleName: original.middle_name,
    };
    const misspelt = misspell(rng, name, kind);
    // A name the mistake cannot change (no е or ё for yo_e) hands the planting on to the next learner, so that
    // every kind gets the same share and the total stays at the requested share.
    this.plantPending = misspelt === null;
    if (misspelt === null) return;
    this.nextKind++;
    const id = newId();
    this.out.persons.push({ ...original, ...toColumns(misspelt), id, snils: null, birth_place: null });
    const home: Home = s.family.home;
    const address = rng.chance(0.7) ? s.registration : homeAddress(rng, nearbyHome(rng, home));
    this.out.person_addresses.push({
      id: newId(),
      person_id: id,
      kind: 'registration',
      text: address.text,
      oktmo: address.oktmo,
      valid_from: null,
    });
    const org = rng.chance(0.5)
      ? ch.main
      : this.c.geo.organization(rng, ch.main.org.kind, home.m, home.locality);
    this.enroll(newId(), id, org.org.id, dayBetween(rng, originalStart, asOfDay));
    // The operator found the parent already registered and linked them.
    this.out.representations.push({ ...representation, id: newId(), learner_id: id });
    const pair: PlantedPair = { originalId: original.id, duplicateId: id, kind };
    this.chunk.planted.push(pair);
    this.chunk.duplicates++;
  }
}

function toColumns(n: { lastName: string; firstName: string; middleName: string | null }) {
  return { last_name: n.lastName, first_name: n.firstName, middle_name: n.middleName };
}
