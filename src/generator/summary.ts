import type { GeneratedRegion, OrganizationKind } from './types.ts';

export type RegionSummary = {
  territories: Record<string, number>;
  organizations: {
    total: number;
    heads: Record<OrganizationKind, number>;
    branches: number;
    byStatus: object;
  };
  byMunicipality: Record<string, Partial<Record<OrganizationKind, number>>>;
};

/** Counts of what a generated region holds, per kind, status and municipality (district rows roll up). */
export function summarizeRegion(region: GeneratedRegion): RegionSummary {
  const territories: Record<string, number> = {};
  const byId = new Map(region.territories.map((t) => [t.id, t]));
  for (const t of region.territories) territories[t.kind] = (territories[t.kind] ?? 0) + 1;
  const municipalityName = (territoryId: string): string => {
    let t = byId.get(territoryId);
    while (t && t.kind === 'district' && t.parent_id) t = byId.get(t.parent_id);
    return t?.name ?? 'unknown';
  };
  const heads: Record<OrganizationKind, number> = { preschool: 0, school: 0, additional: 0, vocational: 0 };
  const byStatus: Record<string, number> = {};
  const byMunicipality: RegionSummary['byMunicipality'] = {};
  let branches = 0;
  for (const o of region.organizations) {
    byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    if (o.parent_organization_id) {
      branches++;
      continue;
    }
    heads[o.kind]++;
    const name = municipalityName(o.territory_id);
    const m = byMunicipality[name] ?? {};
    m[o.kind] = (m[o.kind] ?? 0) + 1;
    byMunicipality[name] = m;
  }
  return {
    territories,
    organizations: { total: region.organizations.length, heads, branches, byStatus },
    byMunicipality,
  };
}
