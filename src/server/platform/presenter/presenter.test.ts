import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { organizationRedactor } from '../../modules/organizations/organization.presenter.ts';
import { hideHealth } from '../../modules/person-health/health-presenter.ts';
import { diff } from '../history.ts';
import { omitKeysDeep, presentChanges, type Redact } from './presenter.ts';

const value = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: 3 }),
  fc.constantFrom('a', 'b'),
  fc.record(
    { fullName: fc.constantFrom('Иванова', 'Петров'), position: fc.constantFrom('Директор', 'Заведующая') },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.constantFrom('person_health', 'enrollments', 'person_special_needs'), fc.nat(2)),
);
const record = fc.dictionary(
  fc.constantFrom('head', 'capacity', 'merge', 'healthGroup', 'disabilities', 'snils', 'status'),
  value,
);
const redactors: [string, Redact][] = [
  ['analyst organization', organizationRedactor({ health: false, personalData: false })],
  ['regional organization', organizationRedactor({ health: false, personalData: true })],
  ['person without health', hideHealth({ health: false })],
  ['person with health', hideHealth({ health: true })],
];

describe('presenter', () => {
  // One rule for snapshots and diffs: a presented diff is the diff of the presented snapshots, so a
  // diff cannot show what the version it belongs to hides.
  for (const [name, redact] of redactors) {
    it(`a presented diff equals the diff of presented snapshots (${name})`, () => {
      fc.assert(
        fc.property(fc.option(record, { nil: null }), record, (before, after) => {
          const presented = presentChanges(diff(before, after), redact);
          expect(presented).toEqual(diff(before ? redact(before) : null, redact(after)));
        }),
      );
    });
  }

  it('hides health keys at any depth and leaves the rest', () => {
    const moved = {
      enrollments: { moved: 1 },
      person_special_needs: { moved: 1 },
      person_health: { deleted: 1 },
    };
    expect(
      omitKeysDeep(
        { merge: { moved }, list: [{ healthGroup: 2, x: 1 }] },
        new Set(['person_health', 'person_special_needs', 'healthGroup']),
      ),
    ).toEqual({
      merge: { moved: { enrollments: { moved: 1 } } },
      list: [{ x: 1 }],
    });
    expect(hideHealth({ health: false })({ merge: { moved } })).toEqual({
      merge: { moved: { enrollments: { moved: 1 } } },
    });
    expect(hideHealth({ health: true })({ merge: { moved } })).toEqual({ merge: { moved } });
  });

  it('shows the analyst only the head’s position', () => {
    const head = { fullName: 'Иванова Мария Петровна', position: 'Директор', phone: '+7 900 000-00-00' };
    expect(organizationRedactor({ health: false, personalData: false })({ head, capacity: 5 })).toEqual({
      head: { position: 'Директор' },
      capacity: 5,
    });
    expect(organizationRedactor({ health: false, personalData: true })({ head })).toEqual({ head });
  });
});
