import { useQuery } from '@tanstack/react-query';
import { trajectoryQuery } from '../../api/orders.ts';
import { QueryError } from '../QueryError.tsx';
import { ListSkeleton } from '../Skeletons.tsx';
import { TrajectoryTimeline } from './TrajectoryTimeline.tsx';

/** «История обучения» on the learner's card. */
export function TrajectoryTab({ personId }: { personId: string }) {
  const query = useQuery(trajectoryQuery(personId));
  if (query.isPending) return <ListSkeleton />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return <TrajectoryTimeline trajectory={query.data} linkOrders />;
}
