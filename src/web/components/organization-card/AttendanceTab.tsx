import { useQuery } from '@tanstack/react-query';
import { organizationAttendanceQuery } from '../../api/attendance.ts';
import { AttendanceMonthsChart } from '../attendance/AttendanceMonthsChart.tsx';
import { ListLoadError } from '../QueryError.tsx';

/** The organization's attendance over the last twelve months, from its e-journal's days. */
export function AttendanceTab({ id }: { id: string }) {
  const q = useQuery(organizationAttendanceQuery(id));
  if (q.isError) return <ListLoadError error={q.error} fallback="Не удалось загрузить посещаемость" />;
  return q.data ? <AttendanceMonthsChart months={q.data.months} /> : null;
}
