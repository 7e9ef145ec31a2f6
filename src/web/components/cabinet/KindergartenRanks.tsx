import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { kindergartensQuery } from '../../api/citizen-queue.ts';
import { RankedKindergartens } from '../queue/RankedKindergartens.tsx';

type Props = {
  municipalityId: string | null;
  max: number;
  /** Ids by rank; '' is a rank not chosen yet. */
  ranks: string[];
  onChange: (ranks: string[]) => void;
  errors: Record<string, string>;
};

/** The parent's ranks: the chosen municipality's kindergartens from the public list, with their address. */
export function KindergartenRanks({ municipalityId, ...rest }: Props) {
  const q = useQuery(kindergartensQuery(municipalityId));
  if (!municipalityId)
    return (
      <Text size="sm" c="dimmed">
        Сначала выберите муниципалитет: список детских садов зависит от него.
      </Text>
    );
  const all = (q.data?.items ?? []).map((k) => ({ id: k.id, name: k.name, detail: k.address }));
  return <RankedKindergartens kindergartens={all} loading={q.isPending} {...rest} />;
}
