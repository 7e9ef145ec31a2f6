import { queryOptions, useQuery } from '@tanstack/react-query';
import { call, client } from './http.ts';
import type { Territory } from './types.ts';

export const territoriesQuery = queryOptions({
  queryKey: ['territories'],
  queryFn: async () => (await call(client.GET('/api/v1/territories'))).items,
  staleTime: 30 * 60_000,
});

export const useTerritories = () => useQuery(territoriesQuery);

/** Options for a territory select: municipalities (and districts, labelled with their parent). */
export function territoryOptions(items: Territory[] | undefined, kinds: Territory['kind'][]) {
  if (!items) return [];
  const byId = new Map(items.map((t) => [t.id, t]));
  return items
    .filter((t) => kinds.includes(t.kind))
    .map((t) => {
      const parent = t.kind === 'district' && t.parentId ? byId.get(t.parentId) : undefined;
      return { value: t.id, label: parent ? `${t.name} (${parent.name})` : t.name };
    })
    .sort((a, b) => a.label.localeCompare(b.label, 'ru'));
}
