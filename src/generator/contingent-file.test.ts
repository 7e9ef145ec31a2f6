import { describe, expect, it } from 'vitest';
import { isValidSnils } from '../common/identifiers/snils.ts';
import { CONTINGENT_FILE_HEADER, contingentFile } from './contingent-file.ts';

const units = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].flatMap((g) =>
  [`${g}А`, `${g}Б`].map((name) => ({ name, grade: g })),
);
const at = (h: string) => CONTINGENT_FILE_HEADER.indexOf(h as (typeof CONTINGENT_FILE_HEADER)[number]);

describe('contingent import file', () => {
  const file = contingentFile({ rows: 20_000, seed: 7, units, startedOn: '2026-09-01' });

  it('is the same for the same seed and differs for another', () => {
    const again = contingentFile({ rows: 200, seed: 7, units, startedOn: '2026-09-01' });
    expect(again.rows).toEqual(file.rows.slice(0, 200));
    const other = contingentFile({ rows: 200, seed: 8, units, startedOn: '2026-09-01' });
    expect(other.rows).not.toEqual(again.rows);
  });

  it('plants about one row in a hundred, each kind of fault, each in its column', () => {
    expect(file.planted.length).toBeGreaterThan(150);
    expect(file.planted.length).toBeLessThan(250);
    expect(new Set(file.planted.map((p) => p.kind)).size).toBe(10);
    for (const p of file.planted.filter((x) => x.column === 'СНИЛС'))
      expect(isValidSnils(file.rows[p.index]![at('СНИЛС')])).toBe(false);
  });

  it('gives every other row valid, unique identifiers and a class that fits the age', () => {
    const bad = new Set(file.planted.map((p) => p.index));
    const good = file.rows.filter((_, i) => !bad.has(i));
    for (const r of good) expect(isValidSnils(r[at('СНИЛС')])).toBe(true);
    const unique = (col: string, series?: string) =>
      new Set(good.map((r) => `${series ? r[at(series)] : ''}/${r[at(col)]}`)).size;
    expect(unique('СНИЛС')).toBe(good.length);
    expect(unique('Номер документа', 'Серия документа')).toBe(good.length);
    expect(unique('Представитель: номер документа', 'Представитель: серия документа')).toBe(good.length);
    for (const r of good.slice(0, 2000)) {
      const grade = Number.parseInt(r[at('Класс (группа)')]!, 10);
      const born = Number(r[at('Дата рождения')]!.slice(6));
      expect(2026 - born - grade).toBeGreaterThanOrEqual(5);
      expect(2026 - born - grade).toBeLessThanOrEqual(7);
      expect(r[at('Дата зачисления')]!.slice(0, 6)).toBe('01.09.');
    }
  });

  it('avoids the СНИЛС it is told are taken', () => {
    const taken = file.rows.slice(0, 50).map((r) => r[at('СНИЛС')]!);
    const next = contingentFile({ rows: 50, seed: 7, units, startedOn: '2026-09-01', reservedSnils: taken });
    const used = new Set(next.rows.map((r) => r[at('СНИЛС')]));
    for (const s of taken) expect(used.has(s)).toBe(false);
  });
});
