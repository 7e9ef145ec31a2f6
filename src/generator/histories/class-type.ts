import { createHash } from 'node:crypto';

/** The first byte of md5(text): the same number PostgreSQL's get_byte(decode(md5(text), 'hex'), 0) gives. */
const md5Byte = (text: string) => createHash('md5').update(text).digest()[0]!;

export type ClassType = 'general' | 'advanced' | 'gymnasium' | 'lyceum' | 'profile';

/** The five profiles of the secondary general standard (ФГОС СОО, приказ Минобрнауки № 413, п. 18.3.1). */
export const PROFILES = [
  'естественно-научный',
  'гуманитарный',
  'социально-экономический',
  'технологический',
  'универсальный',
] as const;

/**
 * A class's type and shift, from its school, grade and letter alone, so a region loaded before classes
 * carried them can be given the same values in SQL (bench/harness/histories.ts): about one school in
 * twenty is a gymnasium and one a lyceum from the 5th grade on; elsewhere half the senior classes are
 * profile classes and one middle class in thirteen studies some subjects in depth. A quarter of the
 * classes of grades 2–4, 6 and 7 study in the second shift. A profile class names one of the five profiles.
 */
export function classTypeOf(organizationId: string, grade: number, letter: string) {
  const school = md5Byte(organizationId);
  const own = md5Byte(`${organizationId}|${grade}|${letter}`);
  const type: ClassType =
    grade >= 5 && school < 13
      ? 'gymnasium'
      : grade >= 5 && school < 26
        ? 'lyceum'
        : grade >= 10
          ? own < 128
            ? 'profile'
            : 'general'
          : grade >= 5 && own < 20
            ? 'advanced'
            : 'general';
  const shift = [2, 3, 4, 6, 7].includes(grade) && own % 4 === 0 ? 2 : 1;
  const profile_name = type === 'profile' ? PROFILES[own % PROFILES.length]! : null;
  return { class_type: type, profile_name, shift };
}

/** The same rule in SQL over a `units` row aliased `u`, for classes loaded without it. */
export const CLASS_TYPE_SQL = `
  UPDATE units u SET
    class_type = CASE
      WHEN u.grade >= 5 AND get_byte(decode(md5(u.organization_id::text), 'hex'), 0) < 13 THEN 'gymnasium'
      WHEN u.grade >= 5 AND get_byte(decode(md5(u.organization_id::text), 'hex'), 0) < 26 THEN 'lyceum'
      WHEN u.grade >= 10 THEN CASE WHEN get_byte(decode(md5(u.organization_id::text || '|' || u.grade || '|' || u.letter), 'hex'), 0) < 128
                                   THEN 'profile' ELSE 'general' END
      WHEN u.grade >= 5 AND get_byte(decode(md5(u.organization_id::text || '|' || u.grade || '|' || u.letter), 'hex'), 0) < 20
        THEN 'advanced'
      ELSE 'general' END,
    profile_name = CASE
      WHEN u.grade >= 10 AND get_byte(decode(md5(u.organization_id::text), 'hex'), 0) >= 26
       AND get_byte(decode(md5(u.organization_id::text || '|' || u.grade || '|' || u.letter), 'hex'), 0) < 128
      THEN (ARRAY[${PROFILES.map((p) => `'${p}'`).join(', ')}])[get_byte(decode(md5(u.organization_id::text || '|' || u.grade || '|' || u.letter), 'hex'), 0) % ${PROFILES.length} + 1]
      END,
    shift = CASE WHEN u.grade IN (2, 3, 4, 6, 7)
                  AND get_byte(decode(md5(u.organization_id::text || '|' || u.grade || '|' || u.letter), 'hex'), 0) % 4 = 0
                 THEN 2 ELSE 1 END
  WHERE u.kind = 'class' AND u.class_type IS NULL AND u.grade IS NOT NULL AND u.letter IS NOT NULL`;
