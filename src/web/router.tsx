import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import {
  MOVEMENT_KINDS,
  type MovementKind,
  ORDER_KINDS,
  type OrderKind,
} from '../common/movement-dictionary.ts';
import { ORGANIZATION_KINDS, ORGANIZATION_STATUSES } from '../common/organization-dictionary.ts';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../common/queue-dictionary.ts';
import { sessionQuery } from './api/auth.ts';
import type { OrganizationFilters } from './api/organizations.ts';
import type { OoeFilters as OoeSearch } from './api/out-of-education.ts';
import type { PersonFilters } from './api/persons.ts';
import type { StatFormScope } from './api/stat-forms.ts';
import type { Session } from './api/types.ts';
import { AppLayout } from './components/AppLayout.tsx';
import { usePageTitle } from './components/page-title.ts';
import { can, hasRole, homePath } from './components/session.ts';
import { queryClient } from './queryClient.ts';
import { AccessRequestsPage } from './routes/access-requests.tsx';
import { AllocationListPage } from './routes/allocation-list.tsx';
import { AllocationRunPage } from './routes/allocation-run.tsx';
import { ApiTokensPage } from './routes/api-tokens.tsx';
import { ArrivalsPage } from './routes/arrivals.tsx';
import { AuditPage } from './routes/audit.tsx';
import { CabinetPage } from './routes/cabinet.tsx';
import { CatchmentsPage } from './routes/catchments.tsx';
import { ContingentPage } from './routes/contingent.tsx';
import { ContingentImportPage } from './routes/contingent-import.tsx';
import { DashboardsPage } from './routes/dashboards.tsx';
import { DataCorrectionsPage } from './routes/data-corrections.tsx';
import { DataQualityPage, type DataQualitySearch } from './routes/data-quality.tsx';
import { DestructionActsPage } from './routes/destruction-acts.tsx';
import { DuplicatesPage } from './routes/duplicates.tsx';
import { ExportPage } from './routes/export.tsx';
import { ForecastPage } from './routes/forecast.tsx';
import { GiaImportsPage } from './routes/gia-imports.tsx';
import { IntakeLogPage } from './routes/intake-log.tsx';
import { JobsPage } from './routes/jobs.tsx';
import { LoginPage } from './routes/login.tsx';
import { ErrorPage, NoSectionsPage, NotFoundPage } from './routes/misc.tsx';
import { NotArrivedPage } from './routes/not-arrived.tsx';
import { OrderNewPage } from './routes/order-new.tsx';
import { OrderPage } from './routes/order-page.tsx';
import { OrdersListPage } from './routes/orders-list.tsx';
import { OrganizationCardPage } from './routes/organization-card.tsx';
import { OrganizationEditPage } from './routes/organization-edit.tsx';
import { OrganizationNewPage } from './routes/organization-new.tsx';
import { OrganizationsListPage } from './routes/organizations-list.tsx';
import { OutOfEducationPage } from './routes/out-of-education.tsx';
import { OutOfEducationCasePage } from './routes/out-of-education-case.tsx';
import { OverviewPage } from './routes/overview.tsx';
import { PersonCardPage } from './routes/person-card.tsx';
import { PersonEditPage } from './routes/person-edit.tsx';
import { PersonNewPage } from './routes/person-new.tsx';
import { PersonsListPage } from './routes/persons-list.tsx';
import { ProgrammesPage } from './routes/programmes.tsx';
import { PromotionPage } from './routes/promotion.tsx';
import { PromotionRunPage } from './routes/promotion-run.tsx';
import { PublicKindergartensPage } from './routes/public-kindergartens.tsx';
import { QueueApplicationPage } from './routes/queue-application.tsx';
import { QueueListPage } from './routes/queue-list.tsx';
import { QueueNewPage } from './routes/queue-new.tsx';
import { QueuePositionPage } from './routes/queue-position.tsx';
import { ReferralsPage } from './routes/referrals.tsx';
import { StatFormPage } from './routes/stat-form.tsx';
import { StatFormsPage, type StatFormsSearch } from './routes/stat-forms.tsx';
import { UnitPage, UnitsPage } from './routes/units.tsx';
import { UserCardPage } from './routes/user-card.tsx';
import { UsersListPage } from './routes/users-list.tsx';

type RouterContext = { queryClient: QueryClient };

function Root() {
  usePageTitle();
  return <Outlet />;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Root,
  notFoundComponent: NotFoundPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  beforeLoad: async ({ context }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (session) throw redirect({ to: '/' });
  },
  component: LoginPage,
});

/** «Детские сады и очередь»: open to anyone. */
const publicKindergartensRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/kindergartens',
  validateSearch: (s: Record<string, unknown>): { municipalityId?: string | undefined } => ({
    municipalityId: str(s.municipalityId),
  }),
  component: PublicKindergartensPage,
});

/** «Место в очереди»: open to anyone with the application number. */
const queuePositionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/queue-position',
  validateSearch: (s: Record<string, unknown>): { number?: string | undefined } => ({
    number: str(s.number),
  }),
  component: QueuePositionPage,
});

/** Every screen behind sign-in; the session is loaded once and handed down in the route context. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context }): Promise<{ session: Session }> => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: '/login' });
    return { session };
  },
  component: AppLayout,
});

const guard =
  (allowed: (s: Session) => boolean) =>
  ({ context }: { context: { session: Session } }) => {
    if (!allowed(context.session)) throw redirect({ to: '/' });
  };

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    const to = homePath(context.session);
    if (to) throw redirect({ to });
  },
  component: NoSectionsPage,
});

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
/** A search parameter that must be one of the API's values; anything else reads as absent. */
const oneOf = <T extends string>(values: readonly T[], v: unknown) =>
  values.includes(v as T) ? (v as T) : undefined;

const organizationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/organizations',
  validateSearch: (s: Record<string, unknown>): OrganizationFilters => ({
    q: str(s.q),
    inn: str(s.inn),
    ogrn: str(s.ogrn),
    kind: oneOf(ORGANIZATION_KINDS, s.kind),
    territoryId: str(s.territoryId),
    status: oneOf(ORGANIZATION_STATUSES, s.status),
  }),
  beforeLoad: guard((s) => can(s, 'organization.read')),
  component: OrganizationsListPage,
});

const organizationNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/organizations/new',
  beforeLoad: guard((s) => can(s, 'organization.create')),
  component: OrganizationNewPage,
});

const organizationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/organizations/$id',
  beforeLoad: guard((s) => can(s, 'organization.read')),
  component: OrganizationCardPage,
});

const organizationEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/organizations/$id/edit',
  beforeLoad: guard((s) => can(s, 'organization.read')),
  component: OrganizationEditPage,
});

const unitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/organizations/$id/units',
  beforeLoad: guard((s) => can(s, 'unit.read')),
  component: UnitsPage,
});

const programmesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/organizations/$id/programmes',
  beforeLoad: guard((s) => can(s, 'programme.read')),
  component: ProgrammesPage,
});

const unitRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/units/$id',
  beforeLoad: guard((s) => can(s, 'unit.learners.read')),
  component: UnitPage,
});

const personsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/persons',
  validateSearch: (s: Record<string, unknown>): PersonFilters => ({
    q: str(s.q),
    snils: str(s.snils),
    document: str(s.document),
    birthDate: str(s.birthDate),
    organizationId: str(s.organizationId),
    role: oneOf(['learner', 'representative'] as const, s.role),
  }),
  beforeLoad: guard((s) => can(s, 'person.read')),
  component: PersonsListPage,
});

const personNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/persons/new',
  beforeLoad: guard((s) => can(s, 'person.create')),
  component: PersonNewPage,
});

const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/persons/$id',
  beforeLoad: guard((s) => can(s, 'person.read')),
  component: PersonCardPage,
});

const personEditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/persons/$id/edit',
  beforeLoad: guard((s) => can(s, 'person.update')),
  component: PersonEditPage,
});

const accessRequestsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/access-requests',
  beforeLoad: guard((s) => can(s, 'access_request.read')),
  component: AccessRequestsPage,
});

const duplicatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/duplicates',
  beforeLoad: guard((s) => can(s, 'person.duplicateReport')),
  component: DuplicatesPage,
});

const jobsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/jobs',
  beforeLoad: guard((s) => can(s, 'job.read')),
  component: JobsPage,
});

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/users',
  beforeLoad: guard((s) => can(s, 'user.read')),
  component: UsersListPage,
});

const userRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/users/$id',
  beforeLoad: guard((s) => can(s, 'user.read')),
  component: UserCardPage,
});

const apiTokensRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/api-tokens',
  beforeLoad: guard((s) => can(s, 'apiToken.manage')),
  component: ApiTokensPage,
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/audit',
  beforeLoad: guard((s) => can(s, 'audit.read')),
  component: AuditPage,
});

const contingentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contingent',
  beforeLoad: guard((s) => hasRole(s, 'org_admin') || hasRole(s, 'org_operator')),
  component: ContingentPage,
});

const dataCorrectionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/data-corrections',
  beforeLoad: guard((s) => can(s, 'data_correction.read')),
  component: DataCorrectionsPage,
});

const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/overview',
  beforeLoad: guard((s) => can(s, 'overview.read')),
  component: OverviewPage,
});

const dashboardsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dashboards',
  validateSearch: (s: Record<string, unknown>): { territoryId?: string | undefined } => ({
    territoryId: str(s.territoryId),
  }),
  beforeLoad: guard((s) => can(s, 'dashboard.read')),
  component: DashboardsPage,
});

const exportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/export',
  beforeLoad: guard((s) => can(s, 'person.export')),
  component: ExportPage,
});

const destructionActsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/destruction-acts',
  beforeLoad: guard((s) => can(s, 'person.destroy')),
  component: DestructionActsPage,
});

const isoDate = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

type OrdersSearch = {
  organizationId?: string | undefined;
  kind?: OrderKind | 'cancellation' | undefined;
  state?: 'draft' | 'signed' | 'cancelled' | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

type OrderNewSearch = {
  organizationId?: string | undefined;
  kind?: OrderKind | undefined;
  movement?: MovementKind | undefined;
  personId?: string | undefined;
  enrollmentId?: string | undefined;
  arrivalOf?: string | undefined;
};

const ordersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders',
  validateSearch: (s: Record<string, unknown>): OrdersSearch => ({
    organizationId: str(s.organizationId),
    kind: oneOf([...ORDER_KINDS, 'cancellation'] as const, s.kind),
    state: oneOf(['draft', 'signed', 'cancelled'] as const, s.state),
    from: isoDate(s.from),
    to: isoDate(s.to),
  }),
  beforeLoad: guard((s) => can(s, 'order.read')),
  component: OrdersListPage,
});

const orderNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders/new',
  validateSearch: (s: Record<string, unknown>): OrderNewSearch => ({
    organizationId: str(s.organizationId),
    kind: oneOf(ORDER_KINDS, s.kind),
    movement: oneOf(MOVEMENT_KINDS, s.movement),
    personId: str(s.personId),
    enrollmentId: str(s.enrollmentId),
    arrivalOf: str(s.arrivalOf),
  }),
  beforeLoad: guard((s) => can(s, 'order.write')),
  component: OrderNewPage,
});

const orderRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders/$id',
  beforeLoad: guard((s) => can(s, 'order.read')),
  component: OrderPage,
});

const arrivalsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/arrivals',
  validateSearch: (s: Record<string, unknown>): { organizationId?: string | undefined } => ({
    organizationId: str(s.organizationId),
  }),
  beforeLoad: guard((s) => can(s, 'transfer.read')),
  component: ArrivalsPage,
});

const notArrivedRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/not-arrived',
  beforeLoad: guard((s) => hasRole(s, 'municipal_specialist') || hasRole(s, 'regional_operator')),
  component: NotArrivedPage,
});

const outOfEducationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/out-of-education',
  validateSearch: (s: Record<string, unknown>): OoeSearch => ({
    kind: str(s.kind) as OoeSearch['kind'],
    status: str(s.status) as OoeSearch['status'],
    overdue: str(s.overdue) as OoeSearch['overdue'],
  }),
  beforeLoad: guard((s) => can(s, 'out_of_education.read')),
  component: OutOfEducationPage,
});

const outOfEducationCaseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/out-of-education/$id',
  beforeLoad: guard((s) => can(s, 'out_of_education.read')),
  component: OutOfEducationCasePage,
});

const promotionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/promotion',
  validateSearch: (
    s: Record<string, unknown>,
  ): { organizationId?: string | undefined; territoryId?: string | undefined } => ({
    organizationId: str(s.organizationId),
    territoryId: str(s.territoryId),
  }),
  beforeLoad: guard((s) => can(s, 'promotion.run')),
  component: PromotionPage,
});

const promotionRunRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/promotions/$id',
  beforeLoad: guard((s) => can(s, 'promotion.run')),
  component: PromotionRunPage,
});

const queueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/queue',
  validateSearch: (
    s: Record<string, unknown>,
  ): {
    status?: ApplicationStatus | undefined;
    rightPending?: 'true' | 'false' | undefined;
    q?: string | undefined;
  } => ({
    status: (APPLICATION_STATUSES as readonly string[]).includes(String(s.status))
      ? (s.status as ApplicationStatus)
      : undefined,
    rightPending: s.rightPending === 'true' || s.rightPending === 'false' ? s.rightPending : undefined,
    q: str(s.q),
  }),
  beforeLoad: guard((s) => can(s, 'application.read')),
  component: QueueListPage,
});

const queueNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/queue/new',
  beforeLoad: guard((s) => can(s, 'application.file')),
  component: QueueNewPage,
});

const catchmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/catchments',
  validateSearch: (s: Record<string, unknown>): { municipalityId?: string | undefined } => ({
    municipalityId: str(s.municipalityId),
  }),
  beforeLoad: guard((s) => can(s, 'catchment.read')),
  component: CatchmentsPage,
});

const queueApplicationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/queue/$id',
  beforeLoad: guard((s) => can(s, 'application.read')),
  component: QueueApplicationPage,
});

const allocationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/allocation',
  beforeLoad: guard((s) => can(s, 'allocation.read')),
  component: AllocationListPage,
});

const allocationRunRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/allocation/$id',
  beforeLoad: guard((s) => can(s, 'allocation.read')),
  component: AllocationRunPage,
});

const REFERRAL_STATUSES = ['issued', 'enrolled', 'refused', 'expired', 'cancelled'] as const;
type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

const referralsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/referrals',
  validateSearch: (
    s: Record<string, unknown>,
  ): { status?: ReferralStatus | undefined; runId?: string | undefined } => ({
    status: (REFERRAL_STATUSES as readonly string[]).includes(String(s.status))
      ? (s.status as ReferralStatus)
      : undefined,
    runId: str(s.runId),
  }),
  beforeLoad: guard((s) => can(s, 'referral.read')),
  component: ReferralsPage,
});

const scopeSearch = (s: Record<string, unknown>): StatFormScope => ({
  organizationId: str(s.organizationId),
  territoryId: str(s.territoryId),
  asOf: str(s.asOf),
});

const statFormsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/stat-forms',
  validateSearch: (s: Record<string, unknown>): StatFormsSearch => ({
    ...scopeSearch(s),
    by: s.by === 'organization' || s.by === 'territory' ? s.by : undefined,
  }),
  beforeLoad: guard((s) => can(s, 'statForm.read')),
  component: StatFormsPage,
});

const statFormRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/stat-forms/$code/$edition',
  validateSearch: (
    s: Record<string, unknown>,
  ): ReturnType<typeof scopeSearch> & { source?: 'signed' | undefined } => ({
    ...scopeSearch(s),
    source: s.source === 'signed' ? 'signed' : undefined,
  }),
  beforeLoad: guard((s) => can(s, 'statForm.read')),
  component: StatFormPage,
});

const dataQualityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/data-quality',
  validateSearch: (s: Record<string, unknown>): DataQualitySearch => ({
    organizationId: str(s.organizationId),
    territoryId: str(s.territoryId),
  }),
  beforeLoad: guard((s) => can(s, 'dataQuality.read')),
  component: DataQualityPage,
});

const forecastRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/forecast',
  validateSearch: (
    s: Record<string, unknown>,
  ): { territoryId?: string | undefined; years?: number | undefined } => ({
    territoryId: str(s.territoryId),
    years: [1, 2, 3].includes(Number(s.years)) ? Number(s.years) : undefined,
  }),
  beforeLoad: guard((s) => can(s, 'forecast.read')),
  component: ForecastPage,
});

const giaImportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/gia-imports',
  validateSearch: (s: Record<string, unknown>): { importId?: string | undefined } => ({
    importId: str(s.importId),
  }),
  beforeLoad: guard((s) => can(s, 'gia.import')),
  component: GiaImportsPage,
});

const contingentImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contingent-import',
  validateSearch: (s: Record<string, unknown>): { importId?: string | undefined } => ({
    importId: str(s.importId),
  }),
  beforeLoad: guard((s) => can(s, 'contingent_import.run')),
  component: ContingentImportPage,
});

const intakeLogRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/intake-log',
  beforeLoad: guard((s) => can(s, 'intake.read')),
  component: IntakeLogPage,
});

const cabinetRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cabinet',
  beforeLoad: guard((s) => hasRole(s, 'citizen')),
  component: CabinetPage,
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  queuePositionRoute,
  publicKindergartensRoute,
  appRoute.addChildren([
    indexRoute,
    contingentRoute,
    organizationsRoute,
    organizationNewRoute,
    organizationRoute,
    organizationEditRoute,
    unitsRoute,
    programmesRoute,
    unitRoute,
    personsRoute,
    personNewRoute,
    personRoute,
    personEditRoute,
    accessRequestsRoute,
    duplicatesRoute,
    jobsRoute,
    usersRoute,
    userRoute,
    apiTokensRoute,
    auditRoute,
    dataCorrectionsRoute,
    cabinetRoute,
    overviewRoute,
    dashboardsRoute,
    exportRoute,
    destructionActsRoute,
    ordersRoute,
    orderNewRoute,
    orderRoute,
    arrivalsRoute,
    notArrivedRoute,
    outOfEducationRoute,
    outOfEducationCaseRoute,
    queueRoute,
    queueNewRoute,
    queueApplicationRoute,
    catchmentsRoute,
    allocationRoute,
    allocationRunRoute,
    referralsRoute,
    forecastRoute,
    statFormsRoute,
    statFormRoute,
    dataQualityRoute,
    giaImportsRoute,
    contingentImportRoute,
    intakeLogRoute,
    promotionRoute,
    promotionRunRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultErrorComponent: ErrorPage,
  defaultPendingMinMs: 0,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
