import { describe, expect, it } from 'vitest';
import { evaluateControls } from '../../src/server/modules/stat-forms/control-ratios.ts';
import {
  DEFINITIONS_DIR,
  loadDefinitions,
  readDefinitionFiles,
} from '../../src/server/modules/stat-forms/definitions.ts';
import { problemBody } from '../../src/server/platform/errors.ts';

const repoFiles = () => readDefinitionFiles(DEFINITIONS_DIR);
const form85k = () => JSON.parse(repoFiles().find((f) => f.name === '85-k.2024.json')!.text);
/** Where section 7 (children by age) is among the 85-К sections. */
const S7 = form85k().sections.findIndex((s: { code: string }) => s.code === '7');

/** Loads one edited copy of the 85-К definition and returns the problem it is refused with. */
function problemOf(edit: (d: ReturnType<typeof form85k>) => void) {
  const d = form85k();
  edit(d);
  try {
    loadDefinitions([{ name: 'broken.json', text: JSON.stringify(d) }]);
  } catch (e) {
    return problemBody(e as Parameters<typeof problemBody>[0]);
  }
  throw new Error('the broken definition was accepted');
}

describe('statistical form definitions', () => {
  it('the repository’s definitions load: 85-К 2024 with its section 7 of 12 rows × 9 columns', () => {
    const registry = loadDefinitions(repoFiles());
    const d = registry.get('85-k@2024')!;
    expect(d.approvedBy.number).toBe('332');
    expect(d.sections[S7]!.rows).toHaveLength(12);
    expect(d.sections[S7]!.columns).toHaveLength(9);
    expect([...registry.keys()].sort()).toEqual(['1-dop@2015', '85-k@2024', 'oo-1@2024', 'spo-1@2022']);
  });

  it('a control ratio naming an unknown row is refused with file and path', () => {
    const p = problemOf((d) => {
      d.sections[S7].controls[1].left = ['799:*'];
    });
    expect(p.status).toBe(400);
    expect(p.code).toBe('validation_failed');
    expect(p.errors).toContainEqual(
      expect.objectContaining({
        path: `broken.json:sections[${S7}].controls[1].left[0]`,
        code: 'invalid_definition',
      }),
    );
    expect(p.errors[0]!.message).toMatch(/нет строки 799/);
  });

  it('a duplicate row code, an unknown filter, an age band without a rule and a twice-defined edition', () => {
    expect(
      problemOf((d) => {
        d.sections[S7].rows[1].code = '701';
      }).errors.map((e) => e.message),
    ).toContainEqual(expect.stringMatching(/строки 701 повторяется/));
    const unknownFilter = problemOf((d) => {
      d.sections[S7].rows[1].filters = [{ field: 'person.eyeColour', in: ['blue'] }];
    });
    expect(unknownFilter.errors[0]!.path.startsWith(`broken.json:sections[${S7}].rows[1].filters[0]`)).toBe(
      true,
    );
    const badValue = problemOf((d) => {
      d.sections[S7].rows[1].filters = [{ field: 'person.sex', in: ['unknown'] }];
    });
    expect(badValue.errors[0]!.path).toMatch(/rows\[1\]\.filters\[0\]\.in\[0\]$/);
    expect(
      problemOf((d) => {
        delete d.sections[S7].ageRule;
      }).errors[0]!.path,
    ).toBe(`broken.json:sections[${S7}].ageRule`);
    // A row and a column that count different things leave their cell without a unit of count.
    expect(
      problemOf((d) => {
        d.sections[S7].rows[1].count = 'enrollments';
        d.sections[S7].columns[2].count = 'units';
      }).errors.map((e) => e.message),
    ).toContainEqual(expect.stringMatching(/строка 702 и графа 5 задают разные единицы счета/));
    const badGrade = problemOf((d) => {
      d.sections[S7].rows[1].filters = [{ field: 'unit.grade', in: [13] }];
    });
    expect(badGrade.errors[0]!.path).toMatch(/rows\[1\]\.filters\[0\]\.in\[0\]$/);
    const text = repoFiles()[0]!.text;
    expect(() =>
      loadDefinitions([
        { name: 'a.json', text },
        { name: 'b.json', text },
      ]),
    ).toThrow(/ошибки/);
    expect(() => loadDefinitions([{ name: 'c.json', text: '{' }])).toThrow(/ошибки/);
  });

  it('listed rows: `~` only where the registry lists rows, no fixed row coded like ОКСО, one listing section', () => {
    expect(
      problemOf((d) => {
        d.sections[S7].controls[0].right = ['~:*'];
      }).errors.map((e) => e.message),
    ).toContainEqual(expect.stringMatching(/не перечисляет строки сам/));
    const spo = () => JSON.parse(repoFiles().find((f) => f.name === 'spo-1.2022.json')!.text);
    const refused = (edit: (d: ReturnType<typeof spo>) => void) => {
      const d = spo();
      edit(d);
      try {
        loadDefinitions([{ name: 'spo.json', text: JSON.stringify(d) }]);
      } catch (e) {
        return problemBody(e as Parameters<typeof problemBody>[0]).errors.map(
          (x) => `${x.path} ${x.message}`,
        );
      }
      throw new Error('the broken definition was accepted');
    };
    expect(
      refused((d) => {
        d.sections[0].rows[1].code = '09.02.07';
      }),
    ).toEqual([
      'spo.json:sections[0].rows Раздел 2.1: код строки 09.02.07 совпадает с видом кода ОКСО перечисляемых строк',
      'spo.json:sections[0].controls[9].right[0] Контроль k10: Ссылка «02:*»: в разделе 2.1 нет строки 02',
    ]);
    expect(
      refused((d) => {
        d.sections.push({
          ...structuredClone(d.sections[0]),
          code: '2.2',
          rows: [{ code: '51', label: 'Всего' }],
        });
        d.sections[1].controls = [];
      }),
    ).toEqual(['spo.json:sections Строки по кодам ОКСО перечисляет не более одного раздела']);
    expect(
      refused((d) => {
        d.sections[0].columns[0].measure = 'left';
      })[0],
    ).toMatch(/^spo\.json:sections\[0\]\.columns\[0\]\.measure /);
  });

  it('control ratios report each broken comparison with its cells', () => {
    const section = loadDefinitions(repoFiles()).get('85-k@2024')!.sections[S7]!;
    const cells = new Map<string, number>();
    for (const r of section.rows) for (const c of section.columns) cells.set(`${r.code}:${c.code}`, 0);
    cells.set('701:3', 2);
    cells.set('701:6', 2);
    cells.set('702:3', 3); // more girls than children, and a total that is not its columns' sum
    const failures = evaluateControls(section, cells);
    expect(
      failures.map((f) => `${f.control} ${f.left.map((r) => `${r.row}:${r.column}`).join('+')}`),
    ).toEqual(['7.1 702:3', '7.2 702:3']);
    expect(failures[1]).toMatchObject({
      op: '<=',
      leftValue: 3,
      rightValue: 2,
      right: [{ row: '701', column: '3' }],
    });
  });
});
