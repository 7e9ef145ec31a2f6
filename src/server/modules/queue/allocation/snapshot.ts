import { z } from 'zod';

/**
 * The inspection format of an allocation run: everything the run decided from, and nothing personal. It is
 * a public contract (an inspector recomputes a run from it with `npm run allocate`), so fields are only ever
 * added as optional ones; the required core is the one in the README.
 */

const isoDate = z.iso.date({ error: 'Дата в виде ГГГГ-ММ-ДД' });
const id = z.string().min(1).max(64);
const age = z.number().int().min(0).max(8);

/** Направленность of a group; an application with none asks for a general (общеразвивающая) group. */
export const ORIENTATIONS = ['general', 'compensating', 'health', 'combined', 'care'] as const;

const group = z.strictObject({
  id,
  /** Full years on the reference date: the group admits `ageFrom ≤ age < ageTo`. */
  ageFrom: age,
  ageTo: age,
  /** Places free for this run, not counting the seats of the transfer applicants who sit in this group. */
  free: z.number().int().min(0).max(10_000),
  orientation: z.enum(ORIENTATIONS).optional(),
  stayMode: z.string().min(1).max(32).optional(),
  language: z.string().min(1).max(32).optional(),
});

const kindergarten = z.strictObject({
  id,
  groups: z.array(group).max(200),
  /** Ареал (закрепленная территория) the kindergarten belongs to; phase-2 offers go nearest area first. */
  area: id.optional(),
});

const application = z.strictObject({
  /** The arrival-ordered application number: the last tie-breaker, compared as text. */
  id,
  birthDate: isoDate,
  registeredAt: z.iso.datetime({ offset: true, error: 'Момент в формате ISO 8601 с часовым поясом' }),
  preferences: z.array(id).max(20),
  right: z.enum(['out_of_turn', 'first']).nullable(),
  siblingsAt: z.array(id).max(20),
  needs: z
    .strictObject({
      orientation: z.enum(ORIENTATIONS).optional(),
      stayMode: z.string().min(1).max(32).optional(),
      language: z.string().min(1).max(32).optional(),
    })
    .optional(),
  /** A transfer application: the seat the child holds, kept as its guaranteed last option. */
  current: z.strictObject({ kindergartenId: id, groupId: id }).optional(),
  /** The area of the child's address, for phase-2 offers. */
  area: id.optional(),
  /** The family agreed to be offered a kindergarten it did not rank (phase 2). */
  acceptsAlternatives: z.boolean().optional(),
});

export const allocationSnapshotSchema = z.strictObject({
  referenceDate: isoDate,
  kindergartens: z.array(kindergarten).max(20_000),
  applications: z.array(application).max(2_000_000),
  /** For each area, the other areas in order of distance; used only by phase 2. */
  areas: z.array(z.strictObject({ id, nearest: z.array(id).max(1000) })).optional(),
});

export type AllocationSnapshot = z.infer<typeof allocationSnapshotSchema>;
export type SnapshotApplication = AllocationSnapshot['applications'][number];
export type SnapshotKindergarten = AllocationSnapshot['kindergartens'][number];
export type SnapshotGroup = SnapshotKindergarten['groups'][number];

export type SnapshotIssue = { path: (string | number)[]; message: string };

/**
 * What the schema cannot say: ids unique, references resolvable, preferences without repeats, age bands
 * not empty, a transfer applicant's seat real. Every issue is reported, not just the first.
 */
export function crossCheckSnapshot(s: AllocationSnapshot): SnapshotIssue[] {
  const issues: SnapshotIssue[] = [];
  const groupsOf = new Map<string, Set<string>>();
  const seenGroups = new Set<string>();
  s.kindergartens.forEach((k, i) => {
    if (groupsOf.has(k.id))
      issues.push({ path: ['kindergartens', i, 'id'], message: 'Повтор идентификатора ДОО' });
    const groups = new Set<string>();
    k.groups.forEach((g, j) => {
      if (seenGroups.has(g.id)) {
        issues.push({
          path: ['kindergartens', i, 'groups', j, 'id'],
          message: 'Повтор идентификатора группы',
        });
      }
      seenGroups.add(g.id);
      groups.add(g.id);
      if (g.ageTo <= g.ageFrom) {
        issues.push({
          path: ['kindergartens', i, 'groups', j, 'ageTo'],
          message: 'Возраст «до» должен быть больше «от»',
        });
      }
    });
    groupsOf.set(k.id, groups);
  });
  const seenApps = new Set<string>();
  s.applications.forEach((a, i) => {
    const at = (...rest: (string | number)[]) => ['applications', i, ...rest];
    if (seenApps.has(a.id)) issues.push({ path: at('id'), message: 'Повтор номера заявления' });
    seenApps.add(a.id);
    const seen = new Set<string>();
    a.preferences.forEach((k, j) => {
      if (seen.has(k)) issues.push({ path: at('preferences', j), message: 'ДОО указана в списке дважды' });
      else if (!groupsOf.has(k))
        issues.push({ path: at('preferences', j), message: 'Нет такой ДОО в снимке' });
      seen.add(k);
    });
    a.siblingsAt.forEach((k, j) => {
      if (!groupsOf.has(k)) issues.push({ path: at('siblingsAt', j), message: 'Нет такой ДОО в снимке' });
    });
    if (a.current && !groupsOf.get(a.current.kindergartenId)?.has(a.current.groupId)) {
      issues.push({ path: at('current'), message: 'Нет такой группы в снимке' });
    }
  });
  const areaIds = new Set((s.areas ?? []).map((a) => a.id));
  (s.areas ?? []).forEach((a, i) => {
    a.nearest.forEach((n, j) => {
      if (!areaIds.has(n))
        issues.push({ path: ['areas', i, 'nearest', j], message: 'Нет такого ареала в снимке' });
    });
  });
  return issues;
}
