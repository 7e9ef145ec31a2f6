/** A municipality's working kindergartens as the operator's registry lists them (for ranking and catchments). */
import { queryOptions } from '@tanstack/react-query';
import { call, client } from './http.ts';

export type KindergartenChoice = { id: string; name: string; detail: string | null };

/** All pages of the registry's preschool organizations under the territory, liquidated ones left out. */
export const municipalityKindergartensQuery = (municipalityId: string | null) =>
  queryOptions({
    queryKey: ['organizations', 'kindergartens', municipalityId ?? ''] as const,
    queryFn: async () => {
      const all: KindergartenChoice[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(
          client.GET('/api/v1/organizations', {
            params: {
              query: { kind: 'preschool', territoryId: municipalityId!, cursor, limit: 200 },
            },
          }),
        );
        for (const o of page.items)
          if (o.status !== 'liquidated')
            all.push({ id: o.id, name: o.shortName || o.fullName, detail: o.fullName });
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all.sort((a, b) => a.name.localeCompare(b.name, 'ru', { numeric: true }));
    },
    enabled: !!municipalityId,
    staleTime: 10 * 60_000,
  });
