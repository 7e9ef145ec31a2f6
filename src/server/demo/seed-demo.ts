import pg from 'pg';
import type { Logger } from 'pino';
import {
  type GeneratedRegion,
  generateRegion,
  type LinkedFamily,
  loadPersons,
  loadRegion,
} from '../../generator/index.ts';
import { DEMO_CITIZENS } from '../modules/auth/dev-esia/demo-citizens.ts';
import { regionToday } from '../modules/education/region-today.ts';
import { hashPassword } from '../platform/auth/password.ts';
import type { Config } from '../platform/config.ts';
import { seedAttendance } from './seed-attendance.ts';
import { seedColleges } from './seed-colleges.ts';
import { seedEducation } from './seed-education.ts';
import { seedQueue } from './seed-queue.ts';
import { seedSchoolProgrammes } from './seed-school-programmes.ts';

export const DEMO_ACCOUNTS = [
  { login: 'region', fullName: 'Демо: региональный оператор', role: 'regional_operator', scope: 'region' },
  {
    login: 'municipality',
    fullName: 'Демо: специалист МОУО г. Иркутска',
    role: 'municipal_specialist',
    scope: 'municipality',
  },
  { login: 'school', fullName: 'Демо: администратор школы', role: 'org_admin', scope: 'school' },
  {
    login: 'kindergarten',
    fullName: 'Демо: заведующий детским садом',
    role: 'org_admin',
    scope: 'preschool',
  },
  { login: 'analyst', fullName: 'Демо: аналитик', role: 'analyst', scope: 'region' },
] as const;

const DEMO_MUNICIPALITY_OKTMO = '25701000';

// The demo citizens' children, by the demo organization each attends (the `school` and `kindergarten`
// accounts' organizations), so that signing in as a citizen and as the organization shows the same child.
const DEMO_CHILDREN: readonly (readonly ('school' | 'preschool')[])[] = [
  ['school', 'preschool'],
  ['school'],
  ['preschool', 'school'],
];

/**
 * Loads the generated demo region, its learners and representatives, and the demo accounts once. A
 * marker row makes the second start a no-op; the region and the persons load in transactions of their
 * own, and a start interrupted after one of them resumes with the next.
 */
export async function seedDemo(adminUrl: string, config: Config, log: Logger): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'kontingent-seed' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7388002)');
    const done = await client.query(`SELECT 1 FROM app_settings WHERE key = 'demo_seeded'`);
    if (done.rowCount) return false;
    const region = generateRegion({ learners: config.demoLearners, seed: config.demoSeed });
    const loaded = await client.query(`SELECT 1 FROM territories WHERE kind = 'region'`);
    if (!loaded.rowCount) await loadRegion(client, region);
    const persons = await client.query('SELECT 1 FROM persons LIMIT 1');
    if (!persons.rowCount) await seedPersons(client, region, config, log);
    await client.query('BEGIN');
    await seedEducation(
      client,
      { school: await scopeNode(client, 'school'), preschool: await scopeNode(client, 'preschool') },
      regionToday(config.timeZone),
    );
    await seedColleges(client);
    await seedSchoolProgrammes(client, regionToday(config.timeZone));
    await seedAttendance(
      client,
      [await scopeNode(client, 'school'), await scopeNode(client, 'preschool')],
      regionToday(config.timeZone),
    );
    await seedQueue(
      client,
      await scopeNode(client, 'municipality'),
      regionToday(config.timeZone),
      config.demoSeed,
    );
    const passwordHash = await hashPassword(config.demoPassword);
    for (const a of DEMO_ACCOUNTS) {
      const scope = await scopeNode(client, a.scope);
      const user = await client.query<{ id: string }>(
        'INSERT INTO users (login, full_name, password_hash) VALUES ($1, $2, $3) RETURNING id',
        [a.login, a.fullName, passwordHash],
      );
      await client.query(
        'INSERT INTO role_assignments (user_id, role, scope_node_id, health_access) VALUES ($1, $2, $3, $4)',
        [user.rows[0]!.id, a.role, scope, a.role !== 'analyst'],
      );
    }
    await client.query(`INSERT INTO app_settings (key, value) VALUES ('demo_seeded', $1)`, [
      JSON.stringify({ learners: config.demoLearners, seed: config.demoSeed, at: new Date().toISOString() }),
    ]);
    await client.query('COMMIT');
    log.info({ organizations: region.organizations.length }, 'demo region loaded');
    return true;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.query('SELECT pg_advisory_unlock(7388002)').catch(() => {});
    await client.end();
  }
}

/** Learners and representatives of the demo region; the demo citizens are parents of children in it. */
async function seedPersons(client: pg.Client, region: GeneratedRegion, config: Config, log: Logger) {
  const started = performance.now();
  const organization = {
    school: await scopeNode(client, 'school'),
    preschool: await scopeNode(client, 'preschool'),
  };
  const linkedFamilies: LinkedFamily[] = DEMO_CITIZENS.map((c, i) => ({
    parent: {
      lastName: c.familyName,
      firstName: c.givenName,
      middleName: c.middleName,
      sex: /(вна|чна)$/.test(c.middleName) ? 'female' : 'male',
      snils: c.snils,
    },
    children: (DEMO_CHILDREN[i] ?? ['school']).map((kind) => ({ organizationId: organization[kind] })),
  }));
  const loaded = await loadPersons(client, region, {
    learners: config.demoLearners,
    seed: config.demoSeed,
    linkedFamilies,
  });
  log.info(
    {
      learners: loaded.learners,
      representatives: loaded.representatives,
      ms: Math.round(performance.now() - started),
    },
    'demo persons loaded',
  );
}

async function scopeNode(client: pg.Client, scope: string): Promise<string> {
  const q =
    scope === 'region'
      ? `SELECT id FROM territories WHERE kind = 'region'`
      : scope === 'municipality'
        ? `SELECT id FROM territories WHERE oktmo = '${DEMO_MUNICIPALITY_OKTMO}'`
        : `SELECT o.id FROM organizations o JOIN territories t ON t.id = o.territory_id
            WHERE o.kind = '${scope}' AND o.status = 'active' AND o.parent_organization_id IS NULL
            ORDER BY (t.oktmo = '${DEMO_MUNICIPALITY_OKTMO}') DESC, o.short_name LIMIT 1`;
  const r = await client.query<{ id: string }>(q);
  if (!r.rows[0]) throw new Error(`demo seed: no scope node for ${scope}`);
  return r.rows[0].id;
}
