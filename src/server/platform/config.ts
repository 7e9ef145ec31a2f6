import { join } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { isValidInn, isValidOgrn } from '../../common/identifiers/index.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * A cron expression (5 fields, or 6 with seconds) for a scheduled job, checked by the parser the queue
 * uses (cron-parser); empty turns the schedule off.
 */
const cron = z
  .string()
  .trim()
  .refine((v) => v === '' || isCron(v), 'expected a cron expression, e.g. 0 2 * * 0')
  .default('');

function isCron(expression: string): boolean {
  if (!/^\S+(\s+\S+){4,5}$/.test(expression)) return false;
  try {
    CronExpressionParser.parse(expression);
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Identifiers are copied from documents with spaces; they are checked and kept as bare digits. */
const digits = z.string().transform((v) => v.replace(/\s/g, ''));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.url().optional(),
  DATABASE_APP_URL: z.url().optional(),
  DATABASE_APP_PASSWORD: z.string().min(16).optional(),
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('kontingent_app'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_ACCOUNTS: bool.optional(),
  DEMO_PASSWORD: z.string().min(12).default('Kontingent-2026!'),
  DEMO_IDP: bool.optional(),
  DEMO_LEARNERS: z.coerce.number().int().min(0).max(2_000_000).default(20_000),
  DEMO_SEED: z.coerce.number().int().default(38),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  COOKIE_SECURE: bool.optional(),
  TRUST_PROXY: bool.default(false),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  LOGIN_BACKOFF_FAILURES: z.coerce.number().int().min(1).max(10_000).default(20),
  LOGIN_BACKOFF_WINDOW_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  LOGIN_BACKOFF_BASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(2),
  LOGIN_BACKOFF_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  LOGIN_TRUSTED_ADDRESS_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  API_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  ESIA_ISSUER: z.url().optional(),
  ESIA_CLIENT_ID: z.string().min(1).optional(),
  ESIA_CLIENT_SECRET: z.string().min(1).optional(),
  ESIA_SNILS_CLAIM: z.string().min(1).default('snils'),
  PSEUDONYM_KEY_FILE: z.string().min(1).optional(),
  ACCESS_GRACE_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  TRANSFER_ARRIVAL_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  QUEUE_MAX_PREFERENCES: z.coerce.number().int().min(1).max(20).default(5),
  REFERRAL_VALID_DAYS: z.coerce.number().int().min(1).max(90).default(15),
  REFERRAL_REFUSAL_RULE: z.enum(['keep_date', 'next_year']).default('next_year'),
  REFERRAL_EXPIRY_CRON: cron.default('10 0 * * *'),
  QUEUE_TRANSFER_ACCEPT_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  QUEUE_ARCHIVE_CRON: cron.default('40 0 * * *'),
  QUEUE_ARCHIVE_AGE: z.coerce.number().int().min(6).max(8).default(7),
  QUEUE_ARCHIVE_REFERENCE: z.enum(['school_year', 'next_september', 'today']).default('school_year'),
  INTAKE_MAX_BATCH: z.coerce.number().int().min(1).max(100_000).default(10_000),
  INTAKE_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(2000).default(400),
  ATTENDANCE_PARTITIONS_CRON: cron.default('30 1 * * *'),
  OUT_OF_EDUCATION_CRON: cron.default('0 3 * * *'),
  OUT_OF_EDUCATION_CHECK_DATE: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'MM-DD, for example 09-01')
    .default('09-01'),
  OUT_OF_EDUCATION_ABSENT_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  OUT_OF_EDUCATION_MONTH_PERCENT: z.coerce.number().int().min(1).max(100).default(30),
  OUT_OF_EDUCATION_PRESCHOOL_ABSENT_DAYS: z.coerce.number().int().min(1).max(90).default(10),
  OUT_OF_EDUCATION_CASE_DAYS: z.coerce.number().int().min(1).max(180).default(10),
  CHANGE_FEED_GRACE_CRON: cron.default('15 0 * * *'),
  /** The monthly data-quality control: on the 1st at 02:00. */
  DATA_QUALITY_CRON: cron.default('0 2 1 * *'),
  REGION_TIME_ZONE: z
    .string()
    .default('Asia/Irkutsk')
    .refine(isTimeZone, 'expected an IANA time zone such as Asia/Irkutsk'),
  DUPLICATE_REPORT_CRON: cron,
  CRON_TIMEZONE: z
    .string()
    .min(1)
    .refine(isTimeZone, 'expected an IANA time zone, e.g. Asia/Irkutsk')
    .default('Asia/Irkutsk'),
  OPERATOR_NAME: z.string().trim().min(3).max(500).default('Министерство образования Иркутской области'),
  OPERATOR_INN: digits
    .refine((v) => isValidInn(v, { length: 10 }), 'expected the 10-digit ИНН of a legal entity')
    .optional(),
  OPERATOR_OGRN: digits.refine(isValidOgrn, 'expected a 13-digit ОГРН with a valid check digit').optional(),
  OPERATOR_ADDRESS: z.string().trim().min(5).max(500).optional(),
  OPERATOR_SIGNER_POSITION: z
    .string()
    .trim()
    .min(3)
    .max(300)
    .default('Ответственный за организацию обработки персональных данных'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  databaseAppUrl: string | undefined;
  /** Password of the login role the migrator creates when DATABASE_URL is set (not for the embedded cluster). */
  databaseAppPassword: string | undefined;
  databaseAppRole: string;
  poolSize: number;
  dataDir: string;
  embeddedPgPort: number;
  logLevel: string;
  demoAccounts: boolean;
  demoPassword: string;
  demoIdp: boolean;
  demoLearners: number;
  demoSeed: number;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  cookieSecure: boolean;
  /** Behind a reverse proxy: client IP and protocol (https → HSTS) come from X-Forwarded-*. */
  trustProxy: boolean;
  loginMaxFailures: number;
  loginRatePerMinute: number;
  /** Failures from one address on one login are counted (and then refused) for this long. */
  loginLockMs: number;
  /** Failures on one login from all addresses within the window before the back-off starts. */
  loginBackoffFailures: number;
  loginBackoffWindowMs: number;
  /** The back-off admits one check per delay; the delay doubles from base up to max. */
  loginBackoffBaseMs: number;
  loginBackoffMaxMs: number;
  /** An address with a successful sign-in this recent skips the back-off (0 turns this off). */
  loginTrustedAddressDays: number;
  /** Longest lifetime of an API token, in days; a token without a date expires after it. */
  apiTokenMaxDays: number;
  esia: { issuer: string; clientId: string; clientSecret: string; snilsClaim: string } | null;
  /** Secret key of the pseudonymised export; a file kept apart from the database. */
  pseudonymKeyFile: string;
  /** When the regional duplicate report runs by itself (cron, in cronTimezone); null: only when started. */
  duplicateReportCron: string | null;
  /** The IANA time zone that cron expressions are read in. */
  cronTimezone: string;
  /** Days after an exit during which the former organization keeps full access, for the paperwork. */
  accessGraceDays: number;
  /** Working days a receiving organization has to enroll a transferred learner before «выбыл и не прибыл». */
  transferArrivalWorkingDays: number;
  /** The region's time zone: every instant shown to people (screens, PDFs) is in it, labelled. */
  timeZone: string;
  /** How many kindergartens a preschool application may rank. */
  queueMaxPreferences: number;
  /** How many days a referral (направление) waits for the family before it expires. */
  referralValidDays: number;
  /**
   * What a refused or expired referral to a ranked kindergarten does to the application: back to the
   * queue as it was, or with the desired date moved to the next 1 September. The registration instant
   * is kept either way.
   */
  referralRefusalRule: 'keep_date' | 'next_year';
  referralExpiryCron: string | null;
  /** Working days the receiving municipality has to accept or refuse a transfer of an application. */
  queueTransferAcceptWorkingDays: number;
  /** When waiting applications of children of school age are archived (cron); null: never by itself. */
  queueArchiveCron: string | null;
  /** The full years at which a waiting application is archived. */
  queueArchiveAge: number;
  /**
   * The date the age is counted on: the 1 September that began the current school year (a child of
   * that age then has gone to school), the next 1 September, or the day the job runs.
   */
  queueArchiveReference: 'school_year' | 'next_september' | 'today';
  /** Most items in one intake batch from an e-journal system; a larger batch answers 413. */
  intakeMaxBatch: number;
  /** How many days back an intake item may be dated; older months may be archived (README, Operating). */
  intakeMaxAgeDays: number;
  /** When monthly attendance partitions are created ahead (cron); null: only by the intake itself. */
  attendancePartitionsCron: string | null;
  /** When the rules finding children out of education run (cron); null: only after attendance intake. */
  outOfEducationCron: string | null;
  /** MM-DD of the school year's check date for «не приступил к обучению»; the rule waits for it. */
  outOfEducationCheckDate: string;
  /** Consecutive school days absent without a valid reason that make «прекратил посещение». */
  outOfEducationAbsentDays: number;
  /** A share of school days of a calendar month missed without a valid reason above this percent. */
  outOfEducationMonthPercent: number;
  /** Consecutive days a kindergarten child is absent without a reason before a case opens. */
  outOfEducationPreschoolAbsentDays: number;
  /** Days from detection to the deadline of a new case. */
  outOfEducationCaseDays: number;
  changeFeedGraceCron: string | null;
  dataQualityCron: string | null;
  /** The operator of the personal data as destruction acts name it (Приказ Роскомнадзора № 179). */
  operator: {
    name: string;
    inn: string | null;
    ogrn: string | null;
    address: string | null;
    /** Position of the official who signs the acts for the operator. */
    signerPosition: string;
  };
};

export class ConfigError extends Error {}

/** Parses the environment once at boot; any bad value stops the server with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const demoAccounts = e.DEMO_ACCOUNTS ?? !production;
  const demoIdp = e.DEMO_IDP ?? !production;
  if (production && (demoAccounts || demoIdp)) {
    throw new ConfigError(
      'Refusing to start: NODE_ENV=production with demo accounts or the demo identity provider enabled ' +
        '(set DEMO_ACCOUNTS=false and DEMO_IDP=false).',
    );
  }
  if (e.LOGIN_BACKOFF_BASE_SECONDS > e.LOGIN_BACKOFF_MAX_SECONDS) {
    throw new ConfigError('LOGIN_BACKOFF_BASE_SECONDS must not exceed LOGIN_BACKOFF_MAX_SECONDS.');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  let esia: Config['esia'] = null;
  if (e.ESIA_ISSUER || e.ESIA_CLIENT_ID || e.ESIA_CLIENT_SECRET) {
    if (!e.ESIA_ISSUER || !e.ESIA_CLIENT_ID || !e.ESIA_CLIENT_SECRET) {
      throw new ConfigError('ESIA_ISSUER, ESIA_CLIENT_ID and ESIA_CLIENT_SECRET must be set together.');
    }
    if (demoIdp) throw new ConfigError('ESIA_* and DEMO_IDP=true are mutually exclusive.');
    esia = {
      issuer: e.ESIA_ISSUER,
      clientId: e.ESIA_CLIENT_ID,
      clientSecret: e.ESIA_CLIENT_SECRET,
      snilsClaim: e.ESIA_SNILS_CLAIM,
    };
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    databaseAppUrl: e.DATABASE_APP_URL,
    databaseAppPassword: e.DATABASE_APP_PASSWORD,
    databaseAppRole: e.DATABASE_APP_ROLE,
    poolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    demoAccounts,
    demoPassword: e.DEMO_PASSWORD,
    demoIdp,
    demoLearners: e.DEMO_LEARNERS,
    demoSeed: e.DEMO_SEED,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    cookieSecure: e.COOKIE_SECURE ?? publicUrl.startsWith('https://'),
    trustProxy: e.TRUST_PROXY,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    loginLockMs: e.LOGIN_LOCK_MINUTES * 60_000,
    loginBackoffFailures: e.LOGIN_BACKOFF_FAILURES,
    loginBackoffWindowMs: e.LOGIN_BACKOFF_WINDOW_MINUTES * 60_000,
    loginBackoffBaseMs: e.LOGIN_BACKOFF_BASE_SECONDS * 1000,
    loginBackoffMaxMs: e.LOGIN_BACKOFF_MAX_SECONDS * 1000,
    loginTrustedAddressDays: e.LOGIN_TRUSTED_ADDRESS_DAYS,
    apiTokenMaxDays: e.API_TOKEN_MAX_DAYS,
    esia,
    pseudonymKeyFile: e.PSEUDONYM_KEY_FILE ?? join(e.DATA_DIR, 'pseudonym.key'),
    accessGraceDays: e.ACCESS_GRACE_DAYS,
    transferArrivalWorkingDays: e.TRANSFER_ARRIVAL_WORKING_DAYS,
    timeZone: e.REGION_TIME_ZONE,
    queueMaxPreferences: e.QUEUE_MAX_PREFERENCES,
    referralValidDays: e.REFERRAL_VALID_DAYS,
    referralRefusalRule: e.REFERRAL_REFUSAL_RULE,
    referralExpiryCron: e.REFERRAL_EXPIRY_CRON || null,
    queueTransferAcceptWorkingDays: e.QUEUE_TRANSFER_ACCEPT_WORKING_DAYS,
    queueArchiveCron: e.QUEUE_ARCHIVE_CRON || null,
    queueArchiveAge: e.QUEUE_ARCHIVE_AGE,
    queueArchiveReference: e.QUEUE_ARCHIVE_REFERENCE,
    intakeMaxBatch: e.INTAKE_MAX_BATCH,
    intakeMaxAgeDays: e.INTAKE_MAX_AGE_DAYS,
    attendancePartitionsCron: e.ATTENDANCE_PARTITIONS_CRON || null,
    outOfEducationCron: e.OUT_OF_EDUCATION_CRON || null,
    outOfEducationCheckDate: e.OUT_OF_EDUCATION_CHECK_DATE,
    outOfEducationAbsentDays: e.OUT_OF_EDUCATION_ABSENT_DAYS,
    outOfEducationMonthPercent: e.OUT_OF_EDUCATION_MONTH_PERCENT,
    outOfEducationPreschoolAbsentDays: e.OUT_OF_EDUCATION_PRESCHOOL_ABSENT_DAYS,
    outOfEducationCaseDays: e.OUT_OF_EDUCATION_CASE_DAYS,
    changeFeedGraceCron: e.CHANGE_FEED_GRACE_CRON || null,
    dataQualityCron: e.DATA_QUALITY_CRON || null,
    duplicateReportCron: e.DUPLICATE_REPORT_CRON || null,
    cronTimezone: e.CRON_TIMEZONE,
    operator: {
      name: e.OPERATOR_NAME,
      inn: e.OPERATOR_INN ?? null,
      ogrn: e.OPERATOR_OGRN ?? null,
      address: e.OPERATOR_ADDRESS ?? null,
      signerPosition: e.OPERATOR_SIGNER_POSITION,
    },
  };
}
