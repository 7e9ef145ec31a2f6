import type { Geography, Home, OrgPlace } from './addresses.ts';
import { LEARNER_SHARES } from './allocation.ts';
import namesData from './data/names-ru.json' with { type: 'json' };
import { dayBetween, YEAR_DAYS } from './dates.ts';
import { FOREIGN_COUNTRIES } from './documents.ts';
import type { NamePicker, Sex, Surname } from './names.ts';
import type { LinkedFamily } from './person-types.ts';
import { type Random, WeightedPicker } from './random.ts';

export type LearnerKind = keyof typeof LEARNER_SHARES;

/** Age at the reference date, in fractional years, of the learners of each kind. */
export const AGE_BANDS: Record<LearnerKind, readonly [number, number]> = {
  preschool: [1, 7],
  school: [6.5, 18],
  vocational: [15, 20],
};

export type ChildDraft = {
  sex: Sex;
  lastName: string;
  firstName: string;
  middleName: string;
  birthDay: number;
  kind: LearnerKind;
  main: OrgPlace;
  /** An ОДО attended on top of school. */
  additional: OrgPlace | null;
  /** Index of the twin born before this child, if any. */
  twinOf: number | null;
};

export type AdultRole = 'mother' | 'father' | 'guardian';

export type AdultDraft = {
  role: AdultRole;
  sex: Sex;
  lastName: string;
  firstName: string;
  middleName: string;
  birthDay: number;
  /** A given СНИЛС (demo citizens); others are issued. */
  snils: string | null;
};

export type FamilyDraft = {
  home: Home;
  /** ОКСМ code shared by the family; null for stateless persons. */
  citizenship: string | null;
  adults: AdultDraft[];
  children: ChildDraft[];
  actualAddress: boolean;
  /** When guardianship was established, for guardian families. */
  guardianSince: number | null;
  /** A demo family: no planted duplicates, and the first child gets health data with a consent. */
  linked: boolean;
};

const KINDS = new WeightedPicker<LearnerKind>(
  Object.keys(LEARNER_SHARES) as LearnerKind[],
  Object.values(LEARNER_SHARES),
);
const FAMILY_SIZE = new WeightedPicker([1, 2, 3, 4], [52, 34, 11, 3]);
const FOREIGN = new WeightedPicker(Object.keys(FOREIGN_COUNTRIES), [30, 20, 15, 10, 10, 8, 7]);
const MIN_SIBLING_GAP = 1;
const MAX_SIBLING_SPREAD = 14;

const surnameByForm = new Map<string, Surname>();
for (const s of namesData.surnames) {
  surnameByForm.set(s.male, { male: s.male, female: s.female });
  surnameByForm.set(s.female, { male: s.male, female: s.female });
}

/** Age in years drawn for a learner of a kind: few toddlers, fewer pupils after the 9th grade. */
function drawAge(rng: Random, kind: LearnerKind): number {
  const r = rng.next();
  if (kind === 'preschool') return r < 0.08 ? 1 + rng.next() : r < 0.22 ? 2 + rng.next() : 3 + 4 * rng.next();
  if (kind === 'school') return r < 0.85 ? 6.5 + 9 * rng.next() : 15.5 + 2.5 * rng.next();
  return 15.2 + 4.7 * rng.next();
}

/** A birth day whose age on the reference day lies strictly inside the kind's band. */
export function birthDayFor(rng: Random, kind: LearnerKind, asOfDay: number): number {
  const [lo, hi] = AGE_BANDS[kind];
  const days = Math.round(drawAge(rng, kind) * YEAR_DAYS);
  return asOfDay - Math.min(Math.max(days, Math.ceil(lo * YEAR_DAYS) + 1), Math.floor(hi * YEAR_DAYS) - 1);
}

/** Parents never give two children one name; twins are told apart by theirs. */
function distinctFirstName(rng: Random, names: NamePicker, sex: Sex, taken: readonly ChildDraft[]): string {
  let name = names.firstName(rng, sex, 'child');
  for (let i = 0; i < 1000 && taken.some((c) => c.firstName === name); i++) {
    name = names.firstName(rng, sex, 'child');
  }
  return name;
}

type Plan = { kind: LearnerKind; birthDay: number };

/** Siblings' kinds and ages: at least a year apart (twins aside), at most 14 years between eldest and youngest. */
function planChildren(rng: Random, size: number, asOfDay: number, fixed?: LearnerKind[]): Plan[] {
  const plans: Plan[] = [];
  for (let i = 0; i < size; i++) {
    for (let attempt = 0; attempt < 30; attempt++) {
      const kind = fixed?.[i] ?? KINDS.pick(rng);
      const birthDay = birthDayFor(rng, kind, asOfDay);
      const fits = plans.every(
        (p) =>
          Math.abs(p.birthDay - birthDay) >= MIN_SIBLING_GAP * YEAR_DAYS &&
          Math.abs(p.birthDay - birthDay) <= MAX_SIBLING_SPREAD * YEAR_DAYS,
      );
      if (fits || (fixed && attempt === 29)) {
        plans.push({ kind, birthDay });
        break;
      }
    }
  }
  return plans;
}

export type FamilyContext = { names: NamePicker; geo: Geography; asOfDay: number; twinShare: number };

/**
 * A family with `at most` learners: their kinds and ages, the organizations they attend, and their legal
 * representatives (both parents, a mother or a father alone, or a guardian), with one citizenship.
 */
export function drawFamily(rng: Random, ctx: FamilyContext, atMost: number): FamilyDraft {
  const twins = atMost >= 2 && rng.chance(ctx.twinShare);
  const size = Math.min(atMost, twins ? Math.max(2, FAMILY_SIZE.pick(rng)) : FAMILY_SIZE.pick(rng));
  const plans = planChildren(rng, size, ctx.asOfDay);
  if (twins) plans.splice(1, 0, { ...(plans[0] as Plan) });
  if (plans.length > size) plans.length = size;
  const m = ctx.geo.municipality(rng);
  const first = ctx.geo.organization(rng, (plans[0] as Plan).kind, m);
  const home: Home = { m, locality: first.m === m ? first.locality : rng.pick(m.localities) };
  const surname = ctx.names.surname(rng);
  const fatherName = ctx.names.firstName(rng, 'male', 'adult');
  const children = makeChildren(rng, ctx, plans, home, first, surname, fatherName, twins);
  const r = rng.next();
  const roles: AdultRole[] =
    r < 0.5 ? ['mother', 'father'] : r < 0.92 ? ['mother'] : r < 0.98 ? ['father'] : ['guardian'];
  const adults = makeAdults(rng, ctx, roles, children, surname, fatherName);
  const c = rng.next();
  const youngest = Math.max(...children.map((ch) => ch.birthDay));
  return {
    home,
    citizenship: c < 0.97 ? '643' : c < 0.998 ? FOREIGN.pick(rng) : null,
    adults,
    children,
    actualAddress: rng.chance(0.12),
    guardianSince: roles[0] === 'guardian' ? dayBetween(rng, youngest + 60, ctx.asOfDay - 30) : null,
    linked: false,
  };
}

function makeChildren(
  rng: Random,
  ctx: FamilyContext,
  plans: Plan[],
  home: Home,
  first: OrgPlace,
  surname: Surname,
  fatherName: string,
  twins: boolean,
): ChildDraft[] {
  const children: ChildDraft[] = [];
  plans.forEach((plan, i) => {
    const twin = twins && i === 1;
    // Twins of one sex: the hard negatives share surname and patronymic word for word.
    const sex: Sex = twin ? (children[0] as ChildDraft).sex : rng.chance(0.51) ? 'male' : 'female';
    const main =
      i === 0
        ? first
        : twin && rng.chance(0.7)
          ? (children[0] as ChildDraft).main
          : ctx.geo.organization(rng, plan.kind, home.m, home.locality);
    const additional =
      plan.kind === 'school' && rng.chance(0.4)
        ? ctx.geo.organization(rng, 'additional', home.m, home.locality)
        : null;
    children.push({
      sex,
      lastName: surname[sex],
      firstName: distinctFirstName(rng, ctx.names, sex, children),
      middleName: ctx.names.patronymicOf(fatherName, sex),
      birthDay: plan.birthDay,
      kind: plan.kind,
      main,
      additional,
      twinOf: twin ? 0 : null,
    });
  });
  return children;
}

function makeAdults(
  rng: Random,
  ctx: FamilyContext,
  roles: AdultRole[],
  children: ChildDraft[],
  surname: Surname,
  fatherName: string,
): AdultDraft[] {
  const { names } = ctx;
  const eldest = Math.min(...children.map((c) => c.birthDay));
  const spread = (Math.max(...children.map((c) => c.birthDay)) - eldest) / YEAR_DAYS;
  const motherAge = Math.min(19 + 16 * rng.next() ** 1.5, Math.max(18, 44 - spread));
  const motherBirth = eldest - Math.round(motherAge * YEAR_DAYS);
  const patronymic = (sex: Sex) => names.patronymicOf(names.firstName(rng, 'male', 'adult'), sex);
  return roles.map((role): AdultDraft => {
    if (role === 'mother') {
      const own = rng.chance(0.85) ? surname : names.surname(rng);
      const firstName = names.firstName(rng, 'female', 'adult');
      return {
        role,
        sex: 'female',
        lastName: own.female,
        firstName,
        middleName: patronymic('female'),
        birthDay: motherBirth,
        snils: null,
      };
    }
    if (role === 'father') {
      const birthDay = motherBirth - Math.round((rng.next() * 9 - 2) * YEAR_DAYS);
      return {
        role,
        sex: 'male',
        lastName: surname.male,
        firstName: fatherName,
        middleName: patronymic('male'),
        birthDay,
        snils: null,
      };
    }
    const sex: Sex = rng.chance(0.85) ? 'female' : 'male';
    const own = rng.chance(0.5) ? surname : names.surname(rng);
    const birthDay = eldest - Math.round((38 + 20 * rng.next()) * YEAR_DAYS);
    return {
      role,
      sex,
      lastName: own[sex],
      firstName: names.firstName(rng, sex, 'adult'),
      middleName: patronymic(sex),
      birthDay,
      snils: null,
    };
  });
}

/** A demo citizen's family: the given parent and children in the given organizations. */
export function linkedFamily(rng: Random, ctx: FamilyContext, lf: LinkedFamily): FamilyDraft {
  const places = lf.children.map((c) => ctx.geo.place(c.organizationId));
  const kinds = places.map((p): LearnerKind => (p.org.kind === 'additional' ? 'school' : p.org.kind));
  const plans = planChildren(rng, kinds.length, ctx.asOfDay, kinds);
  const first = places[0];
  if (!first) throw new RangeError('a linked family needs at least one child');
  const p = lf.parent;
  const surname = surnameByForm.get(p.lastName) ?? { male: p.lastName, female: p.lastName };
  const fatherName =
    p.sex === 'male' && hasPatronymic(p.firstName) ? p.firstName : ctx.names.firstName(rng, 'male', 'adult');
  const children = makeChildren(rng, ctx, plans, first, first, surname, fatherName, false);
  children.forEach((c, i) => {
    c.main = places[i] as OrgPlace;
  });
  const eldest = Math.min(...children.map((c) => c.birthDay));
  const parent: AdultDraft = {
    role: p.sex === 'female' ? 'mother' : 'father',
    sex: p.sex,
    lastName: p.lastName,
    firstName: p.firstName,
    middleName: p.middleName,
    birthDay: eldest - Math.round((24 + 8 * rng.next()) * YEAR_DAYS),
    snils: p.snils,
  };
  return {
    home: { m: first.m, locality: first.locality },
    citizenship: '643',
    adults: [parent],
    children,
    actualAddress: false,
    guardianSince: null,
    linked: true,
  };
}

const fathersWithPatronymic = new Set(namesData.patronymics.map((p) => p.from));
function hasPatronymic(firstName: string): boolean {
  return fathersWithPatronymic.has(firstName);
}
