import { type RawBuilder, sql } from 'kysely';
import { CARD_CHECKS } from './card-checks.ts';

export type Severity = 'error' | 'warning';
export type ObjectType = 'person' | 'enrollment' | 'unit' | 'order' | 'movement' | 'organization';

/** What a check's query is given: the day it checks, and which organizations (a predicate on a column). */
export type CheckScope = { today: string; organizations: (column: string) => RawBuilder<boolean> };

export type Check = {
  code: string;
  severity: Severity;
  objectType: ObjectType;
  /** What is wrong, in Russian, as the clerk reads it in the list. */
  title: string;
  /** How to fix it, in Russian. */
  fix: string;
  /** (organization_id, object_id) of every object that fails the check in the scope; no duplicates. */
  found: (s: CheckScope) => RawBuilder<{ organization_id: string; object_id: string }>;
};

/** Enrollments in force on the day, of active persons, in the organizations of the scope. */
const current = (s: CheckScope) => sql`
  SELECT e.id, e.person_id, e.organization_id FROM enrollments e
    JOIN persons p ON p.id = e.person_id AND p.status = 'active'
   WHERE e.started_on <= ${s.today}::date AND (e.ended_on IS NULL OR e.ended_on > ${s.today}::date)
     AND ${s.organizations('e.organization_id')}`;

/**
 * The catalogue of the monthly control (domain rules §5.6). A check is one set-based query over the
 * registry as it is on the day; a region's run is one statement per check.
 */
export const CHECKS: Check[] = [
  {
    code: 'learner_without_snils',
    severity: 'warning',
    objectType: 'person',
    title: 'У обучающегося не указан СНИЛС',
    fix: 'Внесите СНИЛС в карточку обучающегося (по документу или ответу СФР).',
    found: (s) => sql`
      SELECT DISTINCT c.organization_id, c.person_id AS object_id FROM (${current(s)}) c
        JOIN persons p ON p.id = c.person_id WHERE p.snils IS NULL`,
  },
  // Every document type the registry keeps (ФНС codes of identity documents) identifies its holder.
  {
    code: 'learner_without_identity_document',
    severity: 'error',
    objectType: 'person',
    title: 'У обучающегося нет действующего документа, удостоверяющего личность',
    fix: 'Внесите свидетельство о рождении или паспорт в карточку обучающегося.',
    found: (s) => sql`
      SELECT DISTINCT c.organization_id, c.person_id AS object_id FROM (${current(s)}) c
       WHERE NOT EXISTS (SELECT 1 FROM person_documents d
                          WHERE d.person_id = c.person_id AND d.invalidated_at IS NULL)`,
  },
  {
    code: 'identity_document_expired',
    severity: 'warning',
    objectType: 'person',
    title: 'Документ, удостоверяющий личность, просрочен',
    fix: 'Внесите новый документ (например, паспорт, полученный в 14 лет) и отметьте прежний недействительным.',
    found: (s) => sql`
      SELECT DISTINCT c.organization_id, c.person_id AS object_id FROM (${current(s)}) c
       WHERE EXISTS (SELECT 1 FROM person_documents d
                      WHERE d.person_id = c.person_id AND d.invalidated_at IS NULL)
         AND NOT EXISTS (SELECT 1 FROM person_documents d
                          WHERE d.person_id = c.person_id AND d.invalidated_at IS NULL
                            AND (d.valid_until IS NULL OR d.valid_until >= ${s.today}::date))`,
  },
  {
    code: 'enrollment_without_placement',
    severity: 'warning',
    objectType: 'enrollment',
    title: 'Обучающийся не распределен в класс (группу, объединение)',
    fix: 'Распределите обучающегося в класс или группу текущего учебного года приказом о зачислении или переводе.',
    found: (s) => sql`
      SELECT c.organization_id, c.id AS object_id FROM (${current(s)}) c
       WHERE NOT EXISTS (SELECT 1 FROM placements pl
                          WHERE pl.enrollment_id = c.id AND pl.valid_from <= ${s.today}::date
                            AND (pl.valid_to IS NULL OR pl.valid_to > ${s.today}::date))`,
  },
  {
    code: 'unit_over_capacity',
    severity: 'warning',
    objectType: 'unit',
    title: 'В классе (группе) больше обучающихся, чем мест',
    fix: 'Проверьте наполняемость: переведите лишних обучающихся или исправьте число мест в карточке класса (группы).',
    found: (s) => sql`
      SELECT u.organization_id, u.id AS object_id FROM units u
        JOIN academic_years y ON y.id = u.academic_year_id
         AND y.starts_on <= ${s.today}::date AND y.ends_on >= ${s.today}::date
        JOIN placements pl ON pl.unit_id = u.id AND pl.valid_from <= ${s.today}::date
         AND (pl.valid_to IS NULL OR pl.valid_to > ${s.today}::date)
       WHERE u.capacity IS NOT NULL AND ${s.organizations('u.organization_id')}
       GROUP BY u.organization_id, u.id, u.capacity HAVING count(*) > u.capacity`,
  },
  {
    code: 'implausible_age_for_grade',
    severity: 'warning',
    objectType: 'enrollment',
    title: 'Возраст обучающегося не соответствует классу',
    fix: 'Проверьте дату рождения и класс: в 1 классе учатся с 6–8 лет, в каждом следующем — на год старше.',
    // Full years on 1 September of the academic year: grade + 5 … grade + 8 is plausible.
    found: (s) => sql`
      SELECT DISTINCT c.organization_id, c.id AS object_id FROM (${current(s)}) c
        JOIN persons p ON p.id = c.person_id
        JOIN placements pl ON pl.enrollment_id = c.id AND pl.valid_from <= ${s.today}::date
         AND (pl.valid_to IS NULL OR pl.valid_to > ${s.today}::date)
        JOIN units u ON u.id = pl.unit_id AND u.kind = 'class' AND u.grade BETWEEN 1 AND 11
        JOIN academic_years y ON y.id = u.academic_year_id
       WHERE extract(year FROM age(y.starts_on, p.birth_date)) NOT BETWEEN u.grade + 5 AND u.grade + 8`,
  },
  {
    code: 'transfer_never_arrived',
    severity: 'error',
    objectType: 'movement',
    title: 'Выбыл в другую организацию региона, но никуда не прибыл',
    fix: 'Уточните, куда перешел обучающийся: запросите подтверждение у принимающей организации или исправьте причину выбытия.',
    // Left for another organization of the region 30 days to a year ago; no enrollment began since a
    // week before the exit.
    found: (s) => sql`
      SELECT o.organization_id, m.id AS object_id FROM movements m
        JOIN orders o ON o.id = m.order_id AND o.state = 'signed'
        JOIN persons p ON p.id = m.person_id AND p.status = 'active'
       WHERE m.kind = 'exit' AND m.exit_reason = 'TRANSFER_SAME_REGION'
         AND m.effective_on <= ${s.today}::date - 30 AND m.effective_on > ${s.today}::date - 365
         AND ${s.organizations('o.organization_id')}
         AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.person_id = m.person_id
                            AND e.started_on >= m.effective_on - 7)`,
  },
  {
    code: 'probable_duplicate',
    severity: 'warning',
    objectType: 'person',
    title: 'Вероятный дубль: в реестре есть похожий человек',
    fix: 'Откройте отчет о дублях и объедините записи или отметьте, что это разные люди.',
    found: (s) => sql`
      SELECT DISTINCT c.organization_id, c.person_id AS object_id
        FROM (SELECT id FROM duplicate_runs WHERE status = 'finished' ORDER BY finished_at DESC LIMIT 1) r
        JOIN duplicate_pairs dp ON dp.run_id = r.id
        JOIN LATERAL (VALUES (dp.person_a), (dp.person_b)) x(person_id) ON true
        JOIN (${current(s)}) c ON c.person_id = x.person_id`,
  },
  {
    code: 'late_movement_order',
    severity: 'warning',
    objectType: 'order',
    title: 'Приказ о движении внесен позже чем через день после его даты',
    fix: 'Вносите приказы о зачислении, переводе и выбытии не позднее следующего дня после их издания.',
    found: (s) => sql`
      SELECT o.organization_id, o.id AS object_id FROM orders o
       WHERE o.state = 'signed' AND o.kind IN ('enrollment', 'transfer', 'exit', 'reinstatement', 'academic_leave')
         AND o.order_date > ${s.today}::date - 92
         AND o.created_at::date > o.order_date + 1
         AND ${s.organizations('o.organization_id')}`,
  },
  {
    code: 'units_not_set_up',
    severity: 'error',
    objectType: 'organization',
    title: 'Классы (группы) нового учебного года не созданы к 5 сентября',
    fix: 'Создайте классы (группы) текущего учебного года и распределите в них обучающихся.',
    found: (s) => sql`
      SELECT org.id AS organization_id, org.id AS object_id FROM organizations org
        JOIN academic_years y ON y.starts_on <= ${s.today}::date AND y.ends_on >= ${s.today}::date
       WHERE org.kind IN ('preschool', 'school') AND org.status <> 'liquidated'
         AND ${s.today}::date >= y.starts_on + 4
         AND ${s.organizations('org.id')}
         AND EXISTS (SELECT 1 FROM enrollments e WHERE e.organization_id = org.id
                        AND e.started_on <= ${s.today}::date AND (e.ended_on IS NULL OR e.ended_on > ${s.today}::date))
         AND NOT EXISTS (SELECT 1 FROM units u WHERE u.organization_id = org.id AND u.academic_year_id = y.id)`,
  },
  {
    code: 'learner_count_jump',
    severity: 'warning',
    objectType: 'organization',
    title: 'Численность обучающихся резко изменилась с прошлой проверки',
    fix: 'Проверьте, все ли приказы о зачислении и выбытии внесены и не внесены ли лишние.',
    // More than a fifth (and more than ten learners) up or down from the last finished monthly run.
    found: (s) => sql`
      SELECT sc.organization_id, sc.organization_id AS object_id
        FROM (SELECT id FROM data_quality_runs WHERE status = 'finished' ORDER BY finished_at DESC LIMIT 1) r
        JOIN data_quality_scores sc ON sc.run_id = r.id
        LEFT JOIN (SELECT c.organization_id, count(DISTINCT c.person_id)::int AS n FROM (${current(s)}) c
                    GROUP BY c.organization_id) now ON now.organization_id = sc.organization_id
       WHERE ${s.organizations('sc.organization_id')}
         AND abs(coalesce(now.n, 0) - sc.learners) > greatest(10, sc.learners / 5.0)`,
  },
  ...CARD_CHECKS,
];

/** Learners enrolled on the day per organization of the scope: the denominator of a score. */
export const learnersByOrganization = (s: CheckScope) => sql<{ organization_id: string; n: number }>`
  SELECT c.organization_id, count(DISTINCT c.person_id)::int AS n FROM (${current(s)}) c GROUP BY 1`;

export const CHECK_BY_CODE = new Map(CHECKS.map((c) => [c.code, c]));
