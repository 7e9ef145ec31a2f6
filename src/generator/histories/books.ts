// What learners share: the organizations of each municipality, their programmes, the units of each year and
// the orders of each day. Units and orders are made on first use and handed to the batch being built.
import type { OrderedIds } from '../ids.ts';
import { isoFromDay } from '../random.ts';
import type { GeneratedRegion, OrganizationKind, OrganizationRow } from '../types.ts';
import { type Catalogue, organizationProgrammes } from './catalogue.ts';
import type { HistoryBatch, OrderKind, UnitRow } from './rows.ts';

export type Org = { row: OrganizationRow; municipality: string; catalogue: Catalogue | null };

/** Working organizations by id and by municipality and kind; programmes are drawn on first use. */
export class OrgBook {
  readonly byId = new Map<string, Org>();
  private readonly local = new Map<string, Org[]>();
  private readonly seed: string;

  constructor(region: GeneratedRegion, seed: string) {
    this.seed = seed;
    const parent = new Map(region.territories.map((t) => [t.id, t]));
    for (const row of region.organizations) {
      const t = parent.get(row.territory_id);
      const municipality = t?.kind === 'district' && t.parent_id ? t.parent_id : row.territory_id;
      const org: Org = { row, municipality, catalogue: null };
      this.byId.set(row.id, org);
      // A liquidated organization admits nobody: it is never a destination or an earlier school.
      if (row.status === 'liquidated') continue;
      const key = `${municipality}|${row.kind}`;
      this.local.set(key, [...(this.local.get(key) ?? []), org]);
    }
  }

  programmes(org: Org, out: HistoryBatch): Catalogue {
    if (!org.catalogue) {
      org.catalogue = organizationProgrammes(org.row, this.seed);
      out.programmes.push(...org.catalogue.all);
    }
    return org.catalogue;
  }

  /** Organizations of a kind in the same municipality (the caller excludes the one it has). */
  near(org: Org, kind: OrganizationKind): Org[] {
    return this.local.get(`${org.municipality}|${kind}`) ?? [];
  }
}

const LETTERS = 'АБВГДЕЖИКЛМН';

/** Units made on first use, one per organization, year and key. */
export class UnitBook {
  private readonly units = new Map<string, string>();
  private readonly ids: OrderedIds;
  private readonly years: Map<number, string>;
  constructor(ids: OrderedIds, years: Map<number, string>) {
    this.ids = ids;
    this.years = years;
  }

  get(
    out: HistoryBatch,
    year: number,
    key: string,
    build: () => Omit<UnitRow, 'id' | 'academic_year_id'>,
  ): string {
    const k = `${year}|${key}`;
    const known = this.units.get(k);
    if (known) return known;
    const id = this.ids.next();
    out.units.push({ id, academic_year_id: this.years.get(year) as string, ...build() });
    this.units.set(k, id);
    return id;
  }
}

export const letterOf = (i: number) => LETTERS[i % LETTERS.length] as string;

/**
 * Signed orders, one per organization, kind and day, numbered «N-у» from 1 in each calendar year of the
 * organization, in the order they are first needed.
 */
export class OrderBook {
  private readonly orders = new Map<string, { id: string; lines: number }>();
  private readonly counters = new Map<string, number>();
  private readonly ids: OrderedIds;
  constructor(ids: OrderedIds) {
    this.ids = ids;
  }

  /** The order's id and the next line position in it. */
  line(out: HistoryBatch, org: Org, kind: OrderKind, day: number): { orderId: string; position: number } {
    const key = `${org.row.id}|${kind}|${day}`;
    let o = this.orders.get(key);
    if (!o) {
      const date = isoFromDay(day);
      const yearKey = `${org.row.id}|${date.slice(0, 4)}`;
      const n = (this.counters.get(yearKey) ?? 0) + 1;
      this.counters.set(yearKey, n);
      // Signed in the morning of its date, Irkutsk time (UTC+8).
      const signedAt = `${date}T02:00:00Z`;
      o = { id: this.ids.next(), lines: 0 };
      out.orders.push({
        id: o.id,
        organization_id: org.row.id,
        number: `${n}-у`,
        order_date: date,
        kind,
        state: 'signed',
        signer_name: org.row.head.fullName,
        signer_position: org.row.head.position,
        signed_at: signedAt,
        created_at: signedAt,
        updated_at: signedAt,
      });
      this.orders.set(key, o);
    }
    o.lines += 1;
    return { orderId: o.id, position: o.lines };
  }
}
