import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { controlProblems } from './control-ratios.ts';
import { definitionSchema, type FormDefinition, OKSO } from './definition.schema.ts';
import { manualProblems } from './manual-cells.ts';
import { usesUnits } from './section-base.ts';

/** The repository's definitions: one JSON file per form edition. */
export const DEFINITIONS_DIR = resolve(import.meta.dirname, 'definitions');

const duplicates = (codes: string[]) => codes.filter((c, i) => codes.indexOf(c) !== i);

/** Checks the zod schema cannot: unique codes, control references, an age rule for age bands. */
function semanticProblems(def: FormDefinition): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const c of duplicates(def.sections.map((s) => s.code)))
    problems.push({ path: 'sections', message: `Раздел ${c} повторяется` });
  // Row codes name a cell's section (701 is in section 7), so they are unique in the whole form.
  for (const c of duplicates(def.sections.flatMap((s) => s.rows.map((r) => r.code))))
    problems.push({ path: 'sections', message: `Код строки ${c} повторяется` });
  if (def.sections.filter((s) => s.rowsBy).length > 1)
    problems.push({ path: 'sections', message: 'Строки по кодам ОКСО перечисляет не более одного раздела' });
  def.sections.forEach((s, si) => {
    const at = `sections[${si}]`;
    if (s.rowsBy)
      for (const r of s.rows.filter((x) => OKSO.test(x.code)))
        problems.push({
          path: `${at}.rows`,
          message: `Раздел ${s.code}: код строки ${r.code} совпадает с видом кода ОКСО перечисляемых строк`,
        });
    for (const c of duplicates(s.columns.map((r) => r.code)))
      problems.push({ path: `${at}.columns`, message: `Раздел ${s.code}: код графы ${c} повторяется` });
    for (const c of duplicates(s.controls.map((r) => r.code)))
      problems.push({ path: `${at}.controls`, message: `Раздел ${s.code}: код контроля ${c} повторяется` });
    for (const r of s.rows.filter((x) => x.count))
      for (const c of s.columns.filter((x) => x.count && x.count !== r.count))
        problems.push({
          path: `${at}.columns`,
          message: `Раздел ${s.code}: строка ${r.code} и графа ${c.code} задают разные единицы счета`,
        });
    const aged = [...s.rows, ...s.columns].filter((x) => x.age);
    if (aged.length > 0 && !s.ageRule)
      problems.push({
        path: `${at}.ageRule`,
        message: `Раздел ${s.code}: возрастные графы без правила возраста`,
      });
    // Attendance is a sum of days over the year, not people on a date: a cell counts days exactly when
    // its column measures attendance, and an attendance day carries no class or group.
    s.columns.forEach((c, ci) => {
      if (c.manual) return;
      const wrong = s.rows.find(
        (r) => !r.manual && ((r.count ?? c.count ?? s.count) === 'days') !== (c.measure === 'attendance'),
      );
      if (wrong)
        problems.push({
          path: `${at}.columns[${ci}]`,
          message: `Раздел ${s.code}: графа ${c.code}, строка ${wrong.code} — дни посещаемости считаются только по мере attendance, и мера attendance считает только дни`,
        });
    });
    if (s.columns.some((c) => c.measure === 'attendance') && usesUnits(s))
      problems.push({
        path: `${at}.columns`,
        message: `Раздел ${s.code}: дни посещаемости не связаны с классом (группой) — фильтры unit.* и счет групп в нем недопустимы`,
      });
    for (const p of manualProblems(s)) problems.push({ path: `${at}.${p.path}`, message: p.message });
    s.controls.forEach((c, ci) => {
      for (const p of controlProblems(s, c))
        problems.push({
          path: `${at}.controls[${ci}].${p.path}`,
          message: `Контроль ${c.code}: ${p.message}`,
        });
    });
  });
  return problems;
}

/** One file's definition, or its problems with the file and the path inside it. */
export function parseDefinition(file: string, json: unknown): FormDefinition | FieldProblem[] {
  const parsed = definitionSchema.safeParse(json);
  if (!parsed.success)
    return parsed.error.issues.map((i) => ({
      path: `${file}:${i.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '')}`,
      code: 'invalid_definition',
      message: i.message,
    }));
  const problems = semanticProblems(parsed.data);
  if (problems.length > 0)
    return problems.map((p) => ({
      path: `${file}:${p.path}`,
      code: 'invalid_definition',
      message: p.message,
    }));
  return parsed.data;
}

export type FormRegistry = Map<string, FormDefinition>;
export const registryKey = (code: string, edition: string) => `${code}@${edition}`;

/**
 * Every definition file of a directory, validated together. Any problem fails the whole load with a
 * validation_failed problem listing each one (file:path and a Russian message): a broken edition is
 * found when the server starts, not when someone opens the report.
 */
export function loadDefinitions(files: { name: string; text: string }[]): FormRegistry {
  const registry: FormRegistry = new Map();
  const problems: FieldProblem[] = [];
  for (const f of files) {
    let json: unknown;
    try {
      json = JSON.parse(f.text);
    } catch (e) {
      problems.push({
        path: f.name,
        code: 'invalid_json',
        message: `Файл не является JSON: ${(e as Error).message}`,
      });
      continue;
    }
    const def = parseDefinition(f.name, json);
    if (Array.isArray(def)) {
      problems.push(...def);
      continue;
    }
    const key = registryKey(def.code, def.edition);
    if (registry.has(key))
      problems.push({
        path: f.name,
        code: 'invalid_definition',
        message: `Форма ${def.code}, редакция ${def.edition} определена дважды`,
      });
    registry.set(key, def);
  }
  if (problems.length > 0)
    throw new AppError(
      'validation_failed',
      `Определения статистических форм содержат ошибки (${problems.length})`,
      problems,
    );
  return registry;
}

export const readDefinitionFiles = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

let cached: FormRegistry | null = null;

/** The repository's definitions, loaded and validated once. */
export function formRegistry(): FormRegistry {
  cached ??= loadDefinitions(readDefinitionFiles(DEFINITIONS_DIR));
  return cached;
}
