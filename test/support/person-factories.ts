import { makeSnils } from '../../src/common/identifiers/index.ts';
import type { TestUser } from './factories.ts';
import type { TestServer } from './server.ts';

let n = Math.floor(Math.random() * 1e6);
const digits = (x: number, len: number) => String(x).padStart(len, '0').slice(-len);

const SURNAMES = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Федоров',
];
const NAMES = ['Пётр', 'Артём', 'Максим', 'Иван', 'Даниил', 'Кирилл', 'Егор', 'Матвей', 'Тимофей', 'Роман'];

/** A valid learner payload; name, birth date, СНИЛС and birth certificate differ per call. */
export function learnerInput(organizationId: string | null, over: Record<string, unknown> = {}) {
  n++;
  const day = new Date(Date.UTC(2012, 0, 1) + (n % 3000) * 86_400_000).toISOString().slice(0, 10);
  return {
    lastName: SURNAMES[n % 10]!,
    firstName: NAMES[Math.floor(n / 10) % 10]!,
    middleName: 'Сергеевич',
    birthDate: day,
    sex: 'male',
    citizenship: { codes: ['643'], stateless: false },
    snils: makeSnils(`1${digits(n, 8)}`),
    documents: [
      {
        type: '03',
        series: 'IV-СТ',
        number: digits(n, 6),
        issuedOn: '2020-05-01',
        issuer: 'Отдел ЗАГС г. Иркутска',
        actRecordNumber: `1${digits(n, 5)}`,
      },
    ],
    addresses: [
      {
        kind: 'registration',
        text: 'Иркутская обл., г. Иркутск, ул. Ленина, д. 1, кв. 2',
        oktmo: '25701000',
      },
    ],
    contacts: [],
    hardships: [],
    ...(organizationId ? { enrollment: { organizationId, startedOn: '2023-09-01' } } : {}),
    ...over,
  };
}

export async function createLearner(
  s: TestServer,
  u: TestUser,
  organizationId: string,
  over: Record<string, unknown> = {},
) {
  const res = await s.app.inject({
    method: 'POST',
    url: '/api/v1/persons',
    headers: u.headers,
    payload: learnerInput(organizationId, over),
  });
  if (res.statusCode !== 201) throw new Error(`create learner: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number; [k: string]: unknown };
}

let parents = 0;

/**
 * A learner of the organization with a newly registered parent linked to them. Each call registers a
 * different parent (the birth date moves on), so parents never look like duplicates of each other.
 */
export async function createLearnerWithParent(
  s: TestServer,
  u: TestUser,
  organizationId: string,
  opts: {
    relation?: 'mother' | 'father';
    learner?: Record<string, unknown>;
    parent?: Record<string, unknown>;
  } = {},
) {
  const learner = await createLearner(s, u, organizationId, opts.learner ?? {});
  parents++;
  const relation = opts.relation ?? 'mother';
  const res = await s.app.inject({
    method: 'POST',
    url: `/api/v1/persons/${learner.id}/representatives`,
    headers: u.headers,
    payload: {
      relation,
      representative: {
        ...learnerInput(null, { documents: [], snils: undefined }),
        sex: relation === 'mother' ? 'female' : 'male',
        birthDate: new Date(Date.UTC(1975, 0, 1) + parents * 37 * 86_400_000).toISOString().slice(0, 10),
        ...opts.parent,
      },
    },
  });
  if (res.statusCode !== 201) throw new Error(`link parent: ${res.statusCode} ${res.body}`);
  const link = res.json().representatives[0] as { linkId: string; person: { id: string } };
  return { learner, parentId: link.person.id, linkId: link.linkId };
}
