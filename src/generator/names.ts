import namesData from './data/names-ru.json' with { type: 'json' };
import { type Random, WeightedPicker } from './random.ts';

export type Sex = 'male' | 'female';

/**
 * Whose names to draw. The source weights describe people born about 1995–2015, right for learners; parents,
 * heads of organizations and the fathers behind patronymics belong to older cohorts with a flatter spread.
 */
export type Cohort = 'child' | 'adult';

export type Surname = { male: string; female: string };

export type PersonName = { sex: Sex; lastName: string; firstName: string; middleName: string };

// Weight^0.75 keeps the ranking but stops the 2010s favourites (Артём, Анастасия) from dominating adults;
// a flatter 0.5 lets the exotic tail (Лукерия, Афина) reach one adult in eight.
const ADULT_FLATTEN_EXPONENT = 0.75;

type Named = { name: string; weight: number };

function pickerFor(list: readonly Named[], cohort: Cohort): WeightedPicker<string> {
  const exponent = cohort === 'adult' ? ADULT_FLATTEN_EXPONENT : 1;
  return new WeightedPicker(
    list.map((n) => n.name),
    list.map((n) => n.weight ** exponent),
  );
}

/** Draws realistic Russian full names; build once and reuse, the pickers are precomputed. */
export class NamePicker {
  private readonly surnames: WeightedPicker<Surname>;
  private readonly first: Record<Cohort, Record<Sex, WeightedPicker<string>>>;
  private readonly patronymics: Map<string, Surname>;

  constructor() {
    this.surnames = WeightedPicker.of(namesData.surnames, (s) => s.weight);
    this.first = {
      child: {
        male: pickerFor(namesData.maleFirst, 'child'),
        female: pickerFor(namesData.femaleFirst, 'child'),
      },
      adult: {
        male: pickerFor(namesData.maleFirst, 'adult'),
        female: pickerFor(namesData.femaleFirst, 'adult'),
      },
    };
    this.patronymics = new Map(
      namesData.patronymics.map((p) => [p.from, { male: p.male, female: p.female }]),
    );
  }

  /** A family name in both genders, so siblings and parents can share it. */
  surname(rng: Random): Surname {
    return this.surnames.pick(rng);
  }

  firstName(rng: Random, sex: Sex, cohort: Cohort): string {
    return this.first[cohort][sex].pick(rng);
  }

  /** Patronymic derived from the father's first name (a name from `maleFirst`). */
  patronymicOf(fatherFirstName: string, sex: Sex): string {
    const forms = this.patronymics.get(fatherFirstName);
    if (!forms) throw new RangeError(`no patronymic known for ${fatherFirstName}`);
    return forms[sex];
  }

  /**
   * A complete name. The father behind the patronymic is drawn one cohort older than the person (adults get
   * flattened weights for their fathers as well), per the data README caveat.
   */
  person(rng: Random, sex: Sex, cohort: Cohort, surname?: Surname): PersonName {
    const family = surname ?? this.surname(rng);
    const father = this.firstName(rng, 'male', 'adult');
    return {
      sex,
      lastName: family[sex],
      firstName: this.firstName(rng, sex, cohort),
      middleName: this.patronymicOf(father, sex),
    };
  }
}

/** ФИО in the order Russian documents use. */
export function fullName(p: PersonName): string {
  return `${p.lastName} ${p.firstName} ${p.middleName}`;
}

let shared: NamePicker | undefined;

/** One picker per process: building the cumulative tables once is what keeps a million names cheap. */
export function namePicker(): NamePicker {
  shared ??= new NamePicker();
  return shared;
}
