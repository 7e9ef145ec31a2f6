import { describe, expect, it } from 'vitest';
import { validateIdentifier } from '../common/identifiers/index.ts';
import { generateRegion } from './index.ts';
import type { GeneratedRegion, OrganizationRow } from './types.ts';

const small = generateRegion({ learners: 2000, seed: 38 });
const medium = generateRegion({ learners: 200_000, seed: 'medium' });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const heads = (r: GeneratedRegion) => r.organizations.filter((o) => o.parent_organization_id === null);
const branches = (r: GeneratedRegion) => r.organizations.filter((o) => o.parent_organization_id !== null);

describe('generateRegion', () => {
  it('is a function of its options', () => {
    expect(generateRegion({ learners: 2000, seed: 38 })).toEqual(small);
    const other = generateRegion({ learners: 2000, seed: 39 });
    expect(other.organizations.map((o) => o.inn)).not.toEqual(small.organizations.map((o) => o.inn));
    expect(other.territories[0]?.id).not.toBe(small.territories[0]?.id);
  });

  it('emits the region, its 42 municipalities and their поселения, parents first', () => {
    const [region, ...rest] = small.territories;
    expect(region).toMatchObject({
      kind: 'region',
      name: 'Иркутская область',
      oktmo: '25000000',
      parent_id: null,
    });
    const municipalities = rest.filter((t) => t.kind === 'municipality');
    expect(municipalities).toHaveLength(42);
    expect(municipalities.filter((t) => t.municipality_type === 'urban_okrug')).toHaveLength(10);
    expect(municipalities.map((t) => t.name)).toContain('Ангарский городской округ');
    const seen = new Set<string>();
    for (const t of small.territories) {
      expect(t.id).toMatch(UUID);
      if (t.parent_id) expect(seen.has(t.parent_id)).toBe(true);
      expect(t.oktmo).toMatch(/^\d{8}$/);
      seen.add(t.id);
    }
    expect(new Set(small.territories.map((t) => t.oktmo)).size).toBe(small.territories.length);
  });

  it('can leave поселения out', () => {
    const flat = generateRegion({ learners: 2000, seed: 38, districts: false });
    expect(flat.territories).toHaveLength(43);
    const ids = new Set(flat.territories.map((t) => t.id));
    expect(flat.organizations.every((o) => ids.has(o.territory_id))).toBe(true);
  });

  it('has every kind, a branch and each status for a small region', () => {
    const kinds = new Set(heads(small).map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['additional', 'preschool', 'school', 'vocational']);
    expect(branches(small).length).toBeGreaterThan(0);
    expect(new Set(small.organizations.map((o) => o.status))).toEqual(
      new Set(['active', 'reorganizing', 'liquidated']),
    );
  });

  it('scales with learners and puts every kind into every municipality of a big region', () => {
    const count = (kind: OrganizationRow['kind']) => heads(medium).filter((o) => o.kind === kind).length;
    expect(count('school')).toBe(272);
    expect(count('preschool')).toBe(293);
    expect(count('additional')).toBe(100);
    expect(count('vocational')).toBe(25);
  });
});

describe.each([
  ['small', small],
  ['medium', medium],
])('organizations of the %s region', (_, region) => {
  const byId = new Map(region.organizations.map((o) => [o.id, o]));
  const territoryIds = new Set(region.territories.map((t) => t.id));

  it('carry valid, unique requisites', () => {
    for (const o of region.organizations) {
      expect(validateIdentifier('inn', o.inn).valid, o.inn).toBe(true);
      expect(validateIdentifier('ogrn', o.ogrn).valid, o.ogrn).toBe(true);
      expect(validateIdentifier('kpp', o.kpp).valid, o.kpp).toBe(true);
      expect(o.inn).toMatch(/^38/);
      expect(o.kpp.slice(0, 2)).toBe('38');
      expect(o.ogrn).toMatch(/^1\d{2}38/);
    }
    for (const o of heads(region)) expect(o.kpp).toBe(`${o.inn.slice(0, 4)}01001`);
    const innKpp = region.organizations.map((o) => `${o.inn}/${o.kpp}`);
    expect(new Set(innKpp).size).toBe(innKpp.length);
    const ogrns = heads(region).map((o) => o.ogrn);
    expect(new Set(ogrns).size).toBe(ogrns.length);
    expect(new Set(region.organizations.map((o) => o.id)).size).toBe(region.organizations.length);
  });

  it('stand on generated territories and come after what they reference', () => {
    const seen = new Set<string>();
    for (const o of region.organizations) {
      expect(o.id).toMatch(UUID);
      expect(territoryIds.has(o.territory_id)).toBe(true);
      expect(territoryIds.has(o.founder.territoryId)).toBe(true);
      if (o.parent_organization_id) expect(seen.has(o.parent_organization_id)).toBe(true);
      if (o.successor_organization_id) expect(seen.has(o.successor_organization_id)).toBe(true);
      seen.add(o.id);
    }
  });

  it('have branches that share ИНН and ОГРН with their head', () => {
    for (const b of branches(region)) {
      const head = byId.get(b.parent_organization_id as string) as OrganizationRow;
      expect(head.parent_organization_id).toBeNull();
      expect([b.inn, b.ogrn, b.kind]).toEqual([head.inn, head.ogrn, head.kind]);
      expect(b.kpp).not.toBe(head.kpp);
      expect(b.full_name).toMatch(/^(?:[А-ЯЁ][А-ЯЁа-яё-]+ филиал|Филиал № \d+) [а-яё]/);
      expect(b.kind === 'school' || b.kind === 'vocational').toBe(true);
    }
  });

  it('name an active successor of the same kind and municipality when liquidated', () => {
    const municipalityOf = new Map(
      region.territories.map((t) => [t.id, t.kind === 'district' ? t.parent_id : t.id]),
    );
    for (const o of region.organizations) {
      expect(o.status === 'liquidated').toBe(o.liquidated_on !== null);
      if (o.status === 'active') expect(o.status_changed_on).toBeNull();
      else expect(o.status_changed_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (o.status !== 'liquidated') continue;
      const s = byId.get(o.successor_organization_id as string) as OrganizationRow;
      expect(s.status).not.toBe('liquidated');
      expect(s.kind).toBe(o.kind);
      expect(municipalityOf.get(s.territory_id)).toBe(municipalityOf.get(o.territory_id));
    }
  });

  it('look like Иркутская область organizations', () => {
    const municipal = '^Муниципальное (?:бюджетное|казенное|автономное)';
    const byKind: Record<OrganizationRow['kind'], RegExp> = {
      school: new RegExp(`${municipal} общеобразовательное учреждение «.+»`),
      preschool: new RegExp(`${municipal} дошкольное образовательное учреждение «.*[Дд]етский сад.*»`),
      additional: new RegExp(`${municipal} учреждение дополнительного образования «.+»`),
      vocational:
        /^Государственное бюджетное профессиональное образовательное учреждение Иркутской области «.+»$/,
    };
    const shortByKind: Record<OrganizationRow['kind'], RegExp> = {
      school: /^М[БКА]ОУ /,
      preschool: /^М[БКА]ДОУ /,
      additional: /^М[БКА]У ДО /,
      vocational: /^ГБПОУ ИО «[А-ЯЁ]+(?: № \d+)?»$/,
    };
    for (const o of heads(region)) {
      expect(o.full_name).toMatch(byKind[o.kind]);
      if (o.kind === 'vocational') expect(o.full_name).toMatch(/(?:колледж|техникум)/);
      expect(o.short_name).toMatch(shortByKind[o.kind]);
      expect(o.legal_form).toBe(o.kind === 'vocational' ? '75203' : o.legal_form.match(/^7540[134]$/)?.[0]);
      expect(o.head.fullName).toMatch(
        /^[А-ЯЁ][а-яё-]+(?:-[А-ЯЁ][а-яё]+)? [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+(?:вич|вна|ич|чна)$/,
      );
      expect(o.head.position).toBe(o.kind === 'preschool' ? 'Заведующий' : 'Директор');
      expect(o.contacts.email).toMatch(/^[a-z0-9-]+@[a-z0-9-]+\.ru$/);
      expect(o.contacts.phone).toMatch(/^\+7 \(\d{4,5}\) \d{1,2}-\d{2}-\d{2}$/);
      expect(o.legal_address.text).toMatch(/^Иркутская область, .+, д\. \d+$/);
      expect(o.licence?.number).toMatch(/^Л035-01220-38\/\d{8}$/);
      expect(o.accreditation !== null).toBe(o.kind === 'school' || o.kind === 'vocational');
      expect(o.capacity).toBeGreaterThanOrEqual(60);
      expect(o.full_name.length).toBeLessThanOrEqual(500);
    }
    const names = new Set(region.organizations.map((o) => o.full_name));
    expect(names.size).toBeGreaterThan(region.organizations.length * 0.95);
  });
});
