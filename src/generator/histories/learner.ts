// One learner's five years: the stays (enrollments) the generator's current enrollment is the end of, with
// the kindergarten before school, a transfer between schools, promotions, graduations and exits.
import { fullYears, yearOf } from '../dates.ts';
import { firstGradeDay } from '../enrollment-dates.ts';
import type { Random } from '../random.ts';
import { letterOf, type Org, type OrgBook, type UnitBook } from './books.ts';
import { AS_OF_DAY, academicYearOf, day, FIRST_YEAR, LAST_YEAR, sep1, WINDOW_START } from './calendar.ts';
import type { Level, ProgrammeRow } from './catalogue.ts';
import { classTypeOf } from './class-type.ts';
import { groupAttributesOf } from './group-attributes.ts';
import type { Form, Funding } from './rows.ts';
import { Stay, type StayContext } from './stay.ts';

/** An open enrollment the person generator made (programme-less): where the history ends. */
export type Current = { id: string; organizationId: string; startedOn: number };
export type LearnerInput = {
  personId: string;
  birthDay: number;
  main: Current | null;
  additional: Current[];
};

export type LearnerContext = StayContext & { rng: Random; orgs: OrgBook; units: UnitBook };

/** The date the person generator enrolled everyone as of: later year ends are decided here. */
const PERSONS_AS_OF_DAY = day(2025, 9, 1);
const DEBT_SUBJECTS = ['Математика', 'Русский язык', 'Физика', 'Английский язык', 'Химия', 'История'];
const EMPLOYERS = [
  'АО «Ангарская нефтехимическая компания»',
  'ОАО «РЖД», Восточно-Сибирская железная дорога',
  'ООО «Иркутская нефтяная компания»',
  'ОГАУЗ «Иркутская городская клиническая больница № 1»',
  'Филиал АО «Группа «Илим» в г. Братске',
  'ПАО «Иркутскэнерго»',
];
const PRESCHOOL_BANDS = [
  '',
  'Группа раннего возраста',
  'Первая младшая группа',
  'Вторая младшая группа',
  'Средняя группа',
  'Старшая группа',
  'Подготовительная группа',
];

/** A stable small number from an id: the same organization keeps its order dates, a learner its letter. */
export function idHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const levelOfGrade = (grade: number): Level => (grade <= 4 ? 'noo' : grade <= 9 ? 'ooo' : 'soo');
const iso = (y: number) => String(y % 100).padStart(2, '0');

/** How many of the generator's learners an organization has in a cohort: parallel classes follow from it. */
export type Parallels = (orgId: string, cohort: string) => number;
const parallel = (learners: number, size: number) => Math.max(1, Math.round(learners / size));

export class LearnerHistory {
  private readonly stays: Stay[] = [];
  private readonly c: LearnerContext;
  private readonly learner: LearnerInput;
  private readonly parallels: Parallels;

  constructor(c: LearnerContext, learner: LearnerInput, parallels: Parallels) {
    this.c = c;
    this.learner = learner;
    this.parallels = parallels;
  }

  private get rng() {
    return this.c.rng;
  }

  private programme(org: Org, level: Level, pickBy = 0): ProgrammeRow {
    const list = this.c.orgs.programmes(org, this.c.out).byLevel.get(level) ?? [];
    return list[pickBy % list.length] as ProgrammeRow;
  }

  private open(
    org: Org,
    programme: ProgrammeRow,
    start: number,
    opts: {
      form?: Form;
      funding?: Funding;
      orderDay?: number;
      arrivalOf?: string | null;
    } = {},
  ) {
    const stay = new Stay(
      this.c,
      {
        personId: this.learner.personId,
        org,
        programme,
        start,
        form: opts.form ?? 'full_time',
        funding: opts.funding ?? 'budget',
      },
      opts,
    );
    this.stays.push(stay);
    return stay;
  }

  private other(org: Org, kind: Org['row']['kind']): Org | null {
    const list = this.c.orgs.near(org, kind).filter((o) => o !== org);
    return list.length > 0 ? this.rng.pick(list) : null;
  }

  /** A day of the organization's calendar: all its learners share the dates of its mass orders. */
  private orgDay(org: Org, year: number, month: number, from: number, span: number) {
    return day(year, month, from + (idHash(`${org.row.id}:${year}:${month}`) % span));
  }

  // ── School ───────────────────────────────────────────────────────────────────────────────────────────

  private classUnit(org: Org, year: number, grade: number, cohort: number) {
    const k = parallel(this.parallels(org.row.id, `school:${cohort}`), 25);
    const letter = letterOf(idHash(this.learner.personId) % k);
    const programme = this.programme(org, levelOfGrade(grade));
    return this.c.units.get(this.c.out, year, `${org.row.id}|class|${grade}|${letter}`, () => ({
      organization_id: org.row.id,
      kind: 'class',
      name: `${grade}${letter}`,
      grade,
      letter,
      age_from: null,
      age_to: null,
      group_focus: null,
      stay_mode: null,
      impairment_type: null,
      ...classTypeOf(org.row.id, grade, letter),
      course: null,
      programme_id: programme.id,
      capacity: 25 + (k > 1 ? 5 : 0),
    }));
  }

  private graduate(stay: Stay, on: number, documentKind: string, extra: Record<string, unknown> = {}) {
    const m = stay.movement('graduation', on, on, {
      exit_reason: 'GRADUATED',
      document_kind: documentKind,
      document_issued_on: null,
      ...extra,
    });
    m.document_series =
      documentKind === 'diploma_spo' ? `1138${iso(academicYearOf(on))}` : `038${iso(academicYearOf(on))}`;
    m.document_number = this.rng.digits(documentKind === 'diploma_spo' ? 7 : 9);
    m.document_reg_number = String(m.position);
    m.document_issued_on = m.effective_on;
    stay.close(on, m);
    return m;
  }

  /**
   * Years at one school from `start`: placements by class, a promotion every 1 September, graduation
   * after the 9th (then the 10th grade as a new enrollment, or away) and the 11th. Stops before `until`.
   */
  private school(
    org: Org,
    start: number,
    cohort: number,
    opts: {
      until?: number;
      arrivalOf?: string | null;
      after9?: 'stay' | 'leave' | 'decide';
    } = {},
  ): Stay {
    // Joining after the year's end (late June on) is joining the next year's class.
    const startYear = academicYearOf(start + 75);
    const y0 = Math.max(startYear, FIRST_YEAR);
    const gradeAt = (y: number) => Math.min(11, Math.max(1, y - cohort + 1));
    let grade = gradeAt(y0 === startYear ? startYear : y0 - 1);
    let stay = this.open(org, this.programme(org, levelOfGrade(gradeAt(startYear))), start, {
      arrivalOf: opts.arrivalOf,
      orderDay: start === sep1(startYear) ? this.orgDay(org, startYear, 8, 20, 10) : start,
    });
    let pending: 'normal' | 'conditional' | 'repeat' = 'normal';
    for (let y = y0; y <= LAST_YEAR; y++) {
      const s1 = sep1(y);
      if (opts.until !== undefined && s1 >= opts.until) break;
      if (s1 > stay.start && y > startYear) {
        if (pending !== 'repeat') grade = Math.min(11, grade + 1);
        const level = levelOfGrade(grade);
        const unit = this.classUnit(org, y, grade, y - grade + 1);
        const changes = stay.programme.level !== level ? this.programme(org, level) : null;
        const deadline = day(y, 10, 15);
        const m = stay.movement('promotion', s1, this.orgDay(org, y, 5, 20, 10), {
          promotion_type: pending,
          programme_id: changes?.id ?? null,
          ...(pending === 'conditional'
            ? { debt_subjects: `{${this.rng.pick(DEBT_SUBJECTS)}}`, debt_deadline: `${y}-10-15` }
            : {}),
        });
        if (changes) stay.programme = changes;
        stay.place(unit, s1, m);
        if (pending === 'conditional') {
          stay.status('conditional_promotion', s1, m);
          if (deadline < AS_OF_DAY && (opts.until === undefined || deadline < opts.until)) {
            const cleared = stay.movement('promotion', deadline, deadline, { promotion_type: 'normal' });
            stay.status('enrolled', deadline, cleared);
          }
        }
      } else {
        stay.place(
          this.classUnit(org, y, grade, y - grade + 1),
          Math.max(s1, stay.start),
          stay.enrollmentMovement,
        );
      }
      const june = this.orgDay(org, y + 1, 6, 20, 8);
      if (june > AS_OF_DAY || (opts.until !== undefined && opts.until <= sep1(y + 1))) break;
      if (grade >= 11) {
        this.graduate(stay, june, 'certificate_secondary', { honours: this.rng.chance(0.04) });
        return stay;
      }
      if (grade === 9) {
        this.graduate(stay, june, 'certificate_basic', { honours: this.rng.chance(0.02) });
        const after = opts.after9 ?? 'decide';
        const stays =
          after === 'stay' || (after === 'decide' && (june < PERSONS_AS_OF_DAY || this.rng.chance(0.55)));
        if (!stays) return stay;
        const next = sep1(y + 1);
        stay = this.open(org, this.programme(org, 'soo'), next, {
          orderDay: this.orgDay(org, y + 1, 8, 20, 10),
        });
        grade = 10;
        pending = 'normal';
        continue;
      }
      pending = this.rng.chance(0.01) ? 'repeat' : this.rng.chance(0.03) ? 'conditional' : 'normal';
    }
    return stay;
  }

  private transferOut(stay: Stay, on: number, destination: Org) {
    const m = stay.movement('transfer_out', on, on, {
      exit_reason: 'TRANSFER_SAME_REGION',
      destination_organization_id: destination.row.id,
    });
    stay.close(on, m);
    return m;
  }

  private exitCode(age: number): string {
    const r = this.rng.next();
    if (r < 0.35) return 'TRANSFER_OTHER_REGION';
    if (r < 0.42) return 'TRANSFER_ABROAD';
    if (r < 0.62) return 'FAMILY_EDUCATION';
    if (r < 0.85) return 'PARENTS_WISH';
    if (r < 0.93) return 'MEDICAL';
    return age >= 15 ? (r < 0.97 ? 'LEFT_AT_15' : 'DISCIPLINARY') : 'PARENTS_WISH';
  }

  private schoolLearner(current: Current, S: Org) {
    const { birthDay } = this.learner;
    const g1 = firstGradeDay(birthDay);
    const cohort = academicYearOf(g1);
    const d0 = current.startedOn;
    let arrivalOf: string | null = null;
    const gradeAtD0 = academicYearOf(d0) - cohort + 1;
    const P = d0 > g1 + 30 && d0 >= WINDOW_START && gradeAtD0 <= 9 ? this.other(S, 'school') : null;
    if (P) {
      if (g1 >= WINDOW_START) this.kindergartenBefore(P, g1);
      const prev = this.school(P, g1, cohort, { until: d0 });
      if (prev.open) {
        // A few leave for one school and turn up in another: «выбыл и не прибыл» at the first.
        const lost = this.rng.chance(0.1) ? this.other(S, 'school') : null;
        const m = this.transferOut(prev, d0, lost && lost !== P ? lost : S);
        if (!lost || lost === P) arrivalOf = m.id;
      }
    } else if (g1 >= WINDOW_START && d0 <= g1 + 30) {
      this.kindergartenBefore(S, g1);
    }
    const stay = this.school(S, d0, cohort, { arrivalOf });
    if (stay.open) this.schoolThisYear(stay, S);
  }

  /** The current year: a few transfers (some never arrive) and exits for the reasons of §7.2. */
  private schoolThisYear(stay: Stay, S: Org) {
    const r = this.rng.next();
    if (r > 0.02) return;
    // After the debts of a conditional promotion are due (15 October), so an exit never cuts them short.
    const on = this.rng.int(day(LAST_YEAR, 10, 16), AS_OF_DAY - 3);
    const T = this.other(S, 'school');
    if (r < 0.015 && T) {
      const m = this.transferOut(stay, on, T);
      if (r < 0.01) {
        const cohort = academicYearOf(firstGradeDay(this.learner.birthDay));
        this.school(T, on, cohort, { arrivalOf: m.id });
      }
      return;
    }
    const age = fullYears(this.learner.birthDay, on);
    const m = stay.movement('exit', on, on, { exit_reason: this.exitCode(age) });
    stay.close(on, m);
  }

  // ── Kindergarten ─────────────────────────────────────────────────────────────────────────────────────

  private groupUnit(org: Org, year: number, band: number) {
    const k = parallel(this.parallels(org.row.id, `group:${yearOf(this.learner.birthDay)}`), 20);
    const n = (idHash(this.learner.personId) % k) + 1;
    const programme = this.programme(org, 'preschool');
    const name = `${PRESCHOOL_BANDS[band]}${k > 1 ? ` № ${n}` : ''}`;
    return this.c.units.get(this.c.out, year, `${org.row.id}|group|${band}|${n}`, () => ({
      organization_id: org.row.id,
      kind: 'group',
      name,
      grade: null,
      letter: null,
      age_from: band,
      age_to: band + 1,
      ...groupAttributesOf(org.row.id, name),
      class_type: null,
      profile_name: null,
      shift: null,
      course: null,
      programme_id: programme.id,
      capacity: band < 3 ? 15 : 20,
    }));
  }

  /** Kindergarten years from `start`, a new group each 1 September, leaving for school on `end`. */
  private kindergarten(K: Org, start: number, end: number | null): Stay {
    const stay = this.open(K, this.programme(K, 'preschool'), start);
    for (let y = Math.max(academicYearOf(start), FIRST_YEAR); y <= LAST_YEAR; y++) {
      const s1 = sep1(y);
      if (end !== null && s1 >= end) break;
      const band = Math.min(6, Math.max(1, fullYears(this.learner.birthDay, s1)));
      const unit = this.groupUnit(K, y, band);
      if (s1 > stay.start) stay.place(unit, s1, stay.movement('internal_transfer', s1, s1));
      else stay.place(unit, stay.start, stay.enrollmentMovement);
    }
    if (end !== null && end <= AS_OF_DAY) {
      const m = stay.movement('exit', end, end - 1 - (idHash(K.row.id) % 5), {
        exit_reason: 'DOO_TO_SCHOOL',
      });
      stay.close(end, m);
    }
    return stay;
  }

  private kindergartenBefore(school: Org, g1: number) {
    if (!this.rng.chance(0.75)) return;
    const K = this.rng.chance(0.8) ? this.other(school, 'preschool') : null;
    if (!K) return;
    const start = Math.max(this.learner.birthDay + this.rng.int(400, 1200), g1 - 6 * 365);
    if (start < g1 - 60) this.kindergarten(K, start, g1);
  }

  private preschoolLearner(current: Current, K: Org) {
    const g1 = firstGradeDay(this.learner.birthDay);
    const leaves = g1 > current.startedOn + 60 && g1 <= sep1(LAST_YEAR);
    const stay = this.kindergarten(K, current.startedOn, leaves ? g1 : null);
    if (!stay.open && this.rng.chance(0.9)) {
      const S = this.other(K, 'school');
      if (S) this.school(S, g1, academicYearOf(g1));
    }
  }

  // ── College ──────────────────────────────────────────────────────────────────────────────────────────

  private studyGroup(org: Org, programme: ProgrammeRow, year: number, entry: number) {
    const course = year - entry + 1;
    const programmes = this.c.orgs.programmes(org, this.c.out).byLevel.get('spo')?.length ?? 1;
    const k = parallel(this.parallels(org.row.id, `spo:${entry}`) / programmes, 25);
    const n = (idHash(this.learner.personId) % k) + 1;
    const name = `${programme.okso_code}/${programme.base_grade}-${iso(entry)}-${n}`;
    return this.c.units.get(this.c.out, year, `${org.row.id}|study|${name}`, () => ({
      organization_id: org.row.id,
      kind: 'study_group',
      name,
      grade: null,
      letter: null,
      age_from: null,
      age_to: null,
      group_focus: null,
      stay_mode: null,
      impairment_type: null,
      class_type: null,
      profile_name: null,
      shift: null,
      course,
      programme_id: programme.id,
      capacity: 25,
    }));
  }

  private collegeLearner(current: Current, C: Org) {
    const d0 = current.startedOn;
    // Enrolled in the summer: the studies begin on 1 September, in the next academic year.
    const entry = academicYearOf(d0 + 75);
    const base = fullYears(this.learner.birthDay, d0) < 16 ? 9 : 11;
    const list = this.c.orgs.programmes(C, this.c.out).byLevel.get('spo') ?? [];
    const fitting = list.filter((p) => p.base_grade === base);
    const programme = this.rng.pick(fitting.length > 0 ? fitting : list);
    if (d0 >= sep1(FIRST_YEAR + 1) && d0 === sep1(entry)) {
      const P = this.other(C, 'school');
      if (P)
        this.school(P, sep1(entry - programme.base_grade!), entry - programme.base_grade!, {
          after9: programme.base_grade === 9 ? 'leave' : 'stay',
        });
    }
    const contract = this.rng.chance(0.15);
    const stay = this.open(C, programme, d0, {
      funding: contract ? 'contract' : 'budget',
      form: base === 11 && this.rng.chance(0.1) ? 'extramural' : 'full_time',
      orderDay: d0 === sep1(entry) ? this.orgDay(C, entry, 8, 15, 10) : d0,
    });
    const years = Math.ceil(programme.duration_months / 12);
    let pending: 'normal' | 'conditional' = 'normal';
    for (let y = Math.max(entry, FIRST_YEAR); y <= LAST_YEAR; y++) {
      const s1 = sep1(y);
      const unit = this.studyGroup(C, programme, y, entry);
      if (s1 > stay.start && y > entry) {
        const m = stay.movement('promotion', s1, this.orgDay(C, y, 6, 25, 5), {
          promotion_type: pending,
          ...(pending === 'conditional'
            ? { debt_subjects: '{"Профессиональный модуль ПМ.01"}', debt_deadline: `${y}-10-01` }
            : {}),
        });
        stay.place(unit, s1, m);
        if (pending === 'conditional') {
          stay.status('conditional_promotion', s1, m);
          const deadline = day(y, 10, 1);
          if (deadline < AS_OF_DAY)
            stay.status(
              'enrolled',
              deadline,
              stay.movement('promotion', deadline, deadline, { promotion_type: 'normal' }),
            );
        }
      } else {
        stay.place(unit, Math.max(s1, stay.start), stay.enrollmentMovement);
      }
      const june = this.orgDay(C, y + 1, 6, 26, 5);
      if (june > AS_OF_DAY) break;
      if (y - entry + 1 >= years) {
        const employment = this.rng.pick([
          'employed',
          'employed',
          'employed',
          'military_service',
          'continuing_study',
          'self_employed',
          'not_employed',
        ]);
        this.graduate(stay, june, 'diploma_spo', {
          employment_form: employment,
          employer: employment === 'employed' ? this.rng.pick(EMPLOYERS) : null,
          honours: this.rng.chance(0.08),
        });
        break;
      }
      const failOn = this.orgDay(C, y + 1, 2, 1, 20);
      // An exit falls after the enrollment (a learner who came in mid-February may not leave before).
      if (this.rng.chance(0.02) && failOn > stay.start) {
        const on = failOn;
        stay.close(on, stay.movement('exit', on, on, { exit_reason: 'ACADEMIC_FAILURE_PROF' }));
        break;
      }
      pending = this.rng.chance(0.04) ? 'conditional' : 'normal';
    }
  }

  // ── Additional education ─────────────────────────────────────────────────────────────────────────────

  private additional(current: Current, A: Org) {
    const d0 = current.startedOn;
    const entry = academicYearOf(d0 + 75);
    const list = this.c.orgs.programmes(A, this.c.out).byLevel.get('additional');
    if (!list) return false;
    const programme = list[idHash(`${current.id}`) % list.length] as ProgrammeRow;
    const stay = this.open(A, programme, d0, { funding: this.rng.chance(0.4) ? 'certificate' : 'budget' });
    const k = parallel(this.parallels(A.row.id, 'do') / list.length, 15);
    const years = Math.ceil(programme.duration_months / 12);
    const title = programme.name.replace(/^[^«]*«|»$/g, '');
    for (let y = Math.max(entry, FIRST_YEAR); y <= LAST_YEAR; y++) {
      const s1 = sep1(y);
      const n = (idHash(`${this.learner.personId}:${y}`) % k) + 1;
      const name = `${title}, группа ${n}`.slice(0, 100);
      const unit = this.c.units.get(this.c.out, y, `${A.row.id}|do|${programme.id}|${n}`, () => ({
        organization_id: A.row.id,
        kind: 'association',
        name,
        grade: null,
        letter: null,
        age_from: null,
        age_to: null,
        group_focus: null,
        stay_mode: null,
        impairment_type: null,
        class_type: null,
        profile_name: null,
        shift: null,
        course: null,
        programme_id: programme.id,
        capacity: 15,
      }));
      if (s1 > stay.start && y > entry) stay.place(unit, s1, stay.movement('internal_transfer', s1, s1));
      else stay.place(unit, Math.max(s1, stay.start), stay.enrollmentMovement);
      const end = this.orgDay(A, y + 1, 5, 25, 6);
      if (end > AS_OF_DAY) break;
      if (end <= stay.start) continue;
      if (y - entry + 1 >= years) {
        stay.close(
          end,
          stay.movement('graduation', end, end, {
            exit_reason: 'GRADUATED',
            document_kind: 'certificate_additional',
            mastery: this.rng.chance(0.85) ? 'full' : 'partial',
          }),
        );
        break;
      }
      const leaveOn = this.orgDay(A, y + 1, 2, 1, 25);
      if (this.rng.chance(0.08) && leaveOn > stay.start) {
        const on = leaveOn;
        stay.close(on, stay.movement('exit', on, on, { exit_reason: 'PARENTS_WISH' }));
        break;
      }
    }
    return true;
  }

  /** Builds and writes the learner's stays; the generator's own enrollment ids go to the last ones. */
  build(): number {
    const { main, additional } = this.learner;
    const orgs = this.c.orgs.byId;
    const groups: [Current, Stay[]][] = [];
    const run = (current: Current, make: (org: Org) => void) => {
      const org = orgs.get(current.organizationId);
      const from = this.stays.length;
      if (org) make(org);
      groups.push([current, this.stays.slice(from)]);
    };
    if (main)
      run(main, (org) => {
        if (org.row.kind === 'school') this.schoolLearner(main, org);
        else if (org.row.kind === 'preschool') this.preschoolLearner(main, org);
        else if (org.row.kind === 'vocational') this.collegeLearner(main, org);
        else this.additional(main, org);
      });
    for (const current of additional) run(current, (org) => this.additional(current, org));
    for (const [current, stays] of groups) {
      const last = stays.at(-1);
      if (last) last.id = current.id;
      for (const s of stays) s.finish(this.c.out, s === last);
    }
    return this.stays.length;
  }
}
