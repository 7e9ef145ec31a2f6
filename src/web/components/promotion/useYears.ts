import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { academicYearsQuery } from '../../api/education.ts';

/**
 * The year that closes and the year that follows: by default the current academic year and the one
 * starting after it, either changeable (a school that did not promote last summer does it later).
 */
export function useYears() {
  const years = useQuery(academicYearsQuery);
  const items = [...(years.data?.items ?? [])].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const [chosen, setChosen] = useState<string | null>(null);
  const current = items.find((y) => y.current) ?? items.at(-1);
  const from = items.find((y) => y.id === chosen) ?? current;
  const index = from ? items.indexOf(from) : -1;
  const to = index >= 0 ? items[index + 1] : undefined;
  return { years, items, from, to, choose: setChosen };
}
