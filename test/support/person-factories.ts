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
