/**
 * Each form's cells for a whole territory written by hand, the way an analyst would: one GROUP BY
 * statement per form over the same tables, sharing nothing with the definitions or their SQL builder.
 * $1 is the reference date, $2 the organizations covered. The benchmark times these against the forms.
 * The placement in force is a plain join: an enrollment's placements never overlap (an exclusion
 * constraint), and the planner hashes a join where a per-enrollment lookup would loop.
 */

/** Enrollments in force on $1 (their status period that day is not «exited») of active persons. */
const inForce = (where: string, joins = '') => `
  FROM enrollment_status_periods st
  JOIN enrollments e ON e.id = st.enrollment_id
  JOIN persons p ON p.id = e.person_id AND p.status = 'active'
  JOIN organizations o ON o.id = e.organization_id
  LEFT JOIN education_programmes ep ON ep.id = e.programme_id
  ${joins}
 WHERE st.status <> 'exited' AND st.valid_from <= $1::date AND (st.valid_to IS NULL OR st.valid_to > $1::date)
   AND e.organization_id = ANY ($2::uuid[]) AND ${where}`;

const NEXT_JAN_1 = `make_date(extract(year FROM $1::date)::int + 1, 1, 1)`;

/**
 * 85-К: section 7, children of kindergartens by full years on 1 January next, sex, programme and
 * citizenship; section 4, groups and the children in them by направленность (impairment) and by stay mode,
 * each by the band of the group's ages; section 2.3, the year's attendance days of children in force that
 * day, present, absent by illness or otherwise, of children aged 3 and older on the day. One statement:
 * each section's GROUP BY answers a JSON column.
 */
export const FORM_85K = `
  WITH k AS (
    SELECT DISTINCT e.person_id, p.sex = 'female' AS girl,
           ep.level = 'preschool' AS pre, coalesce(ep.adapted, false) AS adapted,
           CASE WHEN p.stateless THEN 's' WHEN '643' = ANY (p.citizenship_codes)
                THEN CASE WHEN cardinality(p.citizenship_codes) > 1 THEN 'd' ELSE 'r' END
                WHEN cardinality(p.citizenship_codes) > 0 THEN 'f' END AS cz,
           least(extract(year FROM age(${NEXT_JAN_1}, p.birth_date))::int, 7) AS age
    ${inForce(`o.kind = 'preschool'`)}),
  g AS (
    SELECT e.person_id, u.id AS unit_id, u.group_focus, u.impairment_type, u.stay_mode,
           CASE WHEN u.age_to <= 1 THEN 'under_1' WHEN u.age_from >= 1 AND u.age_to <= 3 THEN '1_3'
                WHEN u.age_from >= 3 AND u.age_to <= 5 THEN '3_5' WHEN u.age_from >= 5 THEN '5_plus'
                ELSE 'mixed' END AS band
    ${inForce(
      `o.kind = 'preschool'`,
      `JOIN placements pl ON pl.enrollment_id = e.id AND pl.valid_from <= $1::date
                         AND (pl.valid_to IS NULL OR pl.valid_to > $1::date)
       JOIN units u ON u.id = pl.unit_id AND u.kind = 'group'`,
    )}),
  d AS (
    SELECT a.status, a.reason, extract(year FROM age(a.date, p.birth_date)) >= 3 AS older, count(*) AS days
      FROM attendance_days a
      JOIN persons p ON p.id = a.person_id AND p.status = 'active'
      JOIN organizations o ON o.id = a.organization_id AND o.kind = 'preschool'
     WHERE a.organization_id = ANY ($2::uuid[]) AND a.date > $1::date - interval '1 year' AND a.date <= $1::date
       AND EXISTS (SELECT 1 FROM enrollments e JOIN enrollment_status_periods st ON st.enrollment_id = e.id
                    WHERE e.person_id = a.person_id AND e.organization_id = a.organization_id
                      AND st.status <> 'exited' AND st.valid_from <= a.date
                      AND (st.valid_to IS NULL OR st.valid_to > a.date))
     GROUP BY 1, 2, 3)
  SELECT
    (SELECT jsonb_agg(x) FROM (
       SELECT age, count(DISTINCT person_id) AS r701, count(DISTINCT person_id) FILTER (WHERE girl) AS r702,
              count(DISTINCT person_id) FILTER (WHERE pre) AS r703,
              count(DISTINCT person_id) FILTER (WHERE pre AND girl) AS r704,
              count(DISTINCT person_id) FILTER (WHERE pre AND adapted) AS r705,
              count(DISTINCT person_id) FILTER (WHERE pre AND adapted AND girl) AS r706,
              count(DISTINCT person_id) FILTER (WHERE cz = 'f') AS r707,
              count(DISTINCT person_id) FILTER (WHERE cz = 'f' AND girl) AS r708,
              count(DISTINCT person_id) FILTER (WHERE cz = 'd') AS r709,
              count(DISTINCT person_id) FILTER (WHERE cz = 'd' AND girl) AS r710,
              count(DISTINCT person_id) FILTER (WHERE cz = 's') AS r711,
              count(DISTINCT person_id) FILTER (WHERE cz = 's' AND girl) AS r712
         FROM k GROUP BY ROLLUP (age)) x) AS section7,
    (SELECT jsonb_agg(x) FROM (
       SELECT group_focus, impairment_type, stay_mode, band,
              count(DISTINCT unit_id) AS groups, count(DISTINCT person_id) AS children
         FROM g GROUP BY GROUPING SETS ((), (band), (group_focus), (group_focus, band),
                                        (group_focus, impairment_type), (group_focus, impairment_type, band),
                                        (stay_mode), (stay_mode, band))) x) AS section4,
    (SELECT jsonb_agg(x) FROM (
       SELECT status, reason, older, sum(days) AS days
         FROM d GROUP BY GROUPING SETS ((status), (status, reason), (status, older), (status, reason, older))) x)
      AS section23`;

/**
 * ОО-1: 2.1.1, classes and their learners by class type and grade, by class lists on the date; 2.10,
 * the same lists' learners by full years on 1 January next (5 and under … 18 and over) and grade, and
 * the girls; 2.11, by shift, adapted programme and citizenship in grades 1–4, 5–9 and 10–12; 2.12, those
 * a signed promotion order left to repeat the year, by grade; 2.13, the year's graduates of ООО and СОО;
 * 2.1.3, classes for intellectual disabilities by the programme's years and grade; 2.14, by language.
 * One statement: each section's GROUP BY answers a JSON column.
 */
export const FORM_OO1 = `
  WITH c AS (
    SELECT e.person_id, u.id AS unit_id, u.class_type, u.grade, p.sex = 'female' AS girl,
           least(greatest(extract(year FROM age(${NEXT_JAN_1}, p.birth_date))::int, 5), 18) AS age,
           u.shift, coalesce(ep.adapted, false) AS adapted, round(ep.duration_months / 12.0)::int AS years,
           CASE WHEN nullif(btrim(u.teaching_language), '') IS NULL THEN 'u'
                WHEN lower(btrim(u.teaching_language)) IN ('русский', 'русский язык') THEN 'r' ELSE 'o' END AS lang,
           CASE WHEN p.stateless THEN 's' WHEN '643' = ANY (p.citizenship_codes)
                THEN CASE WHEN cardinality(p.citizenship_codes) > 1 THEN 'd' ELSE 'r' END
                WHEN cardinality(p.citizenship_codes) > 0 THEN 'f' END AS cz,
           CASE WHEN u.grade <= 4 THEN 1 WHEN u.grade <= 9 THEN 2 ELSE 3 END AS stage,
           EXISTS (SELECT 1 FROM movements mv JOIN orders od ON od.id = mv.order_id AND od.state = 'signed'
                    WHERE mv.enrollment_id = e.id AND mv.promotion_type = 'repeat'
                      AND mv.effective_on > $1::date - interval '1 year' AND mv.effective_on <= $1::date) AS repeating
    ${inForce(
      `o.kind = 'school' AND coalesce(e.education_form, 'full_time') IN ('full_time', 'part_time', 'extramural')`,
      `JOIN placements pl ON pl.enrollment_id = e.id AND pl.valid_from <= $1::date
                         AND (pl.valid_to IS NULL OR pl.valid_to > $1::date)
       JOIN units u ON u.id = pl.unit_id AND u.kind = 'class'`,
    )})
  SELECT
    (SELECT jsonb_agg(x) FROM (
       SELECT class_type, grade, count(DISTINCT unit_id) AS classes, count(DISTINCT person_id) AS learners
         FROM c WHERE class_type IN ('general', 'advanced', 'gymnasium', 'lyceum', 'profile')
        GROUP BY GROUPING SETS ((class_type), (class_type, grade))) x) AS section2_1_1,
    (SELECT jsonb_agg(x) FROM (
       SELECT years, grade, count(DISTINCT unit_id) AS classes, count(DISTINCT person_id) AS learners
         FROM c WHERE class_type = 'intellectual_disability' AND years BETWEEN 9 AND 13
        GROUP BY GROUPING SETS ((years), (years, grade))) x) AS section2_1_3,
    (SELECT jsonb_agg(x) FROM (
       SELECT lang, stage, count(DISTINCT person_id) AS learners
         FROM c GROUP BY GROUPING SETS ((), (stage), (lang), (lang, stage))) x) AS section2_14,
    (SELECT jsonb_agg(x) FROM (
       SELECT age, grade, count(DISTINCT person_id) AS learners,
              count(DISTINCT person_id) FILTER (WHERE girl) AS girls
         FROM c GROUP BY GROUPING SETS ((), (age), (grade), (age, grade))) x) AS section2_10,
    (SELECT jsonb_agg(x) FROM (
       SELECT stage, count(DISTINCT person_id) AS learners,
              count(DISTINCT person_id) FILTER (WHERE shift = 1) AS first_shift,
              count(DISTINCT person_id) FILTER (WHERE shift = 2) AS second_shift,
              count(DISTINCT person_id) FILTER (WHERE shift = 3) AS third_shift,
              count(DISTINCT person_id) FILTER (WHERE adapted) AS adapted,
              count(DISTINCT person_id) FILTER (WHERE cz = 'f') AS foreign_citizens,
              count(DISTINCT person_id) FILTER (WHERE cz = 'd') AS dual_citizens,
              count(DISTINCT person_id) FILTER (WHERE cz = 's') AS stateless
         FROM c GROUP BY ROLLUP (stage)) x) AS section2_11,
    (SELECT jsonb_agg(x) FROM (
       SELECT grade, count(DISTINCT person_id) AS repeaters, count(DISTINCT person_id) FILTER (WHERE girl) AS girls
         FROM c WHERE repeating GROUP BY ROLLUP (grade)) x) AS section2_12,
    (SELECT jsonb_agg(x) FROM (
       SELECT ep.level, count(DISTINCT e.person_id) AS graduates,
              count(DISTINCT e.person_id) FILTER (WHERE p.sex = 'female') AS girls,
              count(DISTINCT e.person_id) FILTER (WHERE m.honours) AS honours,
              count(DISTINCT e.person_id) FILTER (WHERE e.education_form IN ('family', 'self')) AS family
         FROM enrollments e
         JOIN persons p ON p.id = e.person_id AND p.status = 'active'
         JOIN organizations o ON o.id = e.organization_id AND o.kind = 'school'
         JOIN education_programmes ep ON ep.id = e.programme_id AND ep.level IN ('ooo', 'soo')
         JOIN movements m ON m.enrollment_id = e.id AND m.kind = 'graduation'
        WHERE e.organization_id = ANY ($2::uuid[])
          AND e.ended_on >= $1::date - interval '1 year' AND e.ended_on < $1::date
        GROUP BY ep.level) x) AS section2_13`;

/** 1-ДОП: enrollments and persons of additional programmes by направленность, funding and age. */
export const FORM_1DOP = `
  WITH d AS (
    SELECT e.id, e.person_id, ep.focus, e.funding, p.sex = 'female' AS girl,
           extract(year FROM age(${NEXT_JAN_1}, p.birth_date))::int AS age
    ${inForce(`ep.level = 'additional'`)})
  SELECT focus, count(id) AS all, count(id) FILTER (WHERE girl) AS girls,
         count(DISTINCT person_id) AS persons, count(DISTINCT person_id) FILTER (WHERE girl) AS girl_persons,
         count(id) FILTER (WHERE funding = 'budget') AS budget,
         count(id) FILTER (WHERE funding = 'certificate') AS certificate,
         count(id) FILTER (WHERE funding = 'contract') AS contract,
         count(id) FILTER (WHERE age <= 4) AS a4, count(id) FILTER (WHERE age BETWEEN 5 AND 9) AS a5_9,
         count(id) FILTER (WHERE age BETWEEN 10 AND 14) AS a10_14,
         count(id) FILTER (WHERE age BETWEEN 15 AND 17) AS a15_17, count(id) FILTER (WHERE age >= 18) AS a18
    FROM d GROUP BY ROLLUP (focus)`;

/** СПО-1 2.1: admission and graduation in the year to $1, students on $1, by profession or specialty. */
export const FORM_SPO1 = `
  WITH s AS (
    SELECT 'stock' AS m, e.id, ep.spo_type, ep.okso_code, ep.base_grade, e.funding, p.sex,
           coalesce(e.education_form, 'full_time') AS form
    ${inForce(`o.kind = 'vocational' AND ep.level = 'spo'`)}
    UNION ALL
    SELECT 'admitted', e.id, ep.spo_type, ep.okso_code, ep.base_grade, e.funding, p.sex,
           coalesce(e.education_form, 'full_time')
      FROM enrollments e JOIN persons p ON p.id = e.person_id AND p.status = 'active'
      JOIN organizations o ON o.id = e.organization_id AND o.kind = 'vocational'
      JOIN education_programmes ep ON ep.id = e.programme_id AND ep.level = 'spo'
     WHERE e.started_on >= $1::date - interval '1 year' AND e.started_on < $1::date
       AND e.organization_id = ANY ($2::uuid[])
    UNION ALL
    SELECT 'graduated', e.id, ep.spo_type, ep.okso_code, ep.base_grade, e.funding, p.sex,
           coalesce(e.education_form, 'full_time')
      FROM movements m JOIN enrollments e ON e.id = m.enrollment_id
      JOIN persons p ON p.id = e.person_id AND p.status = 'active'
      JOIN organizations o ON o.id = e.organization_id AND o.kind = 'vocational'
      JOIN education_programmes ep ON ep.id = e.programme_id AND ep.level = 'spo'
     WHERE m.kind = 'graduation' AND e.ended_on >= $1::date - interval '1 year' AND e.ended_on < $1::date
       AND e.organization_id = ANY ($2::uuid[]))
  SELECT spo_type, okso_code, m, count(*) AS all,
         count(*) FILTER (WHERE base_grade = 9) AS b9, count(*) FILTER (WHERE base_grade = 11) AS b11,
         count(*) FILTER (WHERE form = 'full_time') AS full_time,
         count(*) FILTER (WHERE form = 'part_time') AS part_time,
         count(*) FILTER (WHERE form = 'extramural') AS extramural,
         count(*) FILTER (WHERE funding = 'budget') AS budget,
         count(*) FILTER (WHERE funding = 'contract') AS contract,
         count(*) FILTER (WHERE sex = 'female') AS women
    FROM s GROUP BY GROUPING SETS ((m), (m, spo_type), (m, okso_code))`;
