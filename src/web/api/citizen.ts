/** The citizen's own view (signed in through Госуслуги): their data, their children, the access log. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from './http.ts';
import type { Consent, Health } from './person-extras.ts';
import type { PersonCard } from './person-types.ts';

export type CitizenHealth = Omit<Health, 'version' | 'personId'> | null;
export type CitizenConsent = Omit<Consent, 'basis'>;
export type CitizenChild = { card: PersonCard; health: CitizenHealth; consents: CitizenConsent[] };
export type CitizenView = {
  person: PersonCard | null;
  health?: CitizenHealth;
  consents?: CitizenConsent[];
  children: CitizenChild[];
  /** Represented children who are 18 or older: only counted, they sign in for themselves. */
  adultChildren?: number;
  /** The region's time zone (IANA): every instant in the cabinet is shown in it, labelled. */
  timeZone?: string;
};

export type AccessLogItem = {
  at: string;
  actorRole: string;
  organization: string | null;
  action: string;
  actionCode?: string;
  subject: { id: string; fullName: string };
};

export const citizenQuery = queryOptions({
  queryKey: ['citizen', 'me'] as const,
  queryFn: () => api.get<CitizenView>('/citizen/me'),
});

export const accessLogQuery = infiniteQueryOptions({
  queryKey: ['citizen', 'access-log'] as const,
  queryFn: ({ pageParam }) =>
    api.get<{ items: AccessLogItem[]; nextCursor: string | null }>('/citizen/me/access-log', {
      cursor: pageParam,
      limit: 50,
    }),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});

export const CITIZEN_EXPORT_PDF = '/api/v1/citizen/me/export.pdf';
export const CITIZEN_EXPORT_JSON = '/api/v1/citizen/me/export.json';
