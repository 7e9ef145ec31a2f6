// One enrollment of a learner as it is lived: opened by an enrollment movement, moved between units and
// statuses by later movements, closed by the movement that ends it. Rows are written when it is finished,
// under the id it ends up with (the generator's own enrollment id for a learner's last stay).
import type { OrderedIds } from '../ids.ts';
import { isoFromDay } from '../random.ts';
import type { OrderBook, Org } from './books.ts';
import type { ProgrammeRow } from './catalogue.ts';
import type { Form, Funding, HistoryBatch, MovementRow, OrderKind, Status } from './rows.ts';

type Span = { from: number; to: number | null; movementId: string };

export type StayContext = { ids: OrderedIds; orders: OrderBook; out: HistoryBatch };

const ORDER_OF: Record<MovementRow['kind'], OrderKind> = {
  enrollment: 'enrollment',
  internal_transfer: 'transfer',
  transfer_out: 'exit',
  promotion: 'promotion',
  exit: 'exit',
  graduation: 'graduation',
};

export type MovementFields = Partial<
  Omit<MovementRow, 'id' | 'order_id' | 'person_id' | 'enrollment_id' | 'kind'>
>;

export class Stay {
  id: string;
  end: number | null = null;
  readonly movements: MovementRow[] = [];
  private readonly periods: (Span & { status: Status })[] = [];
  private readonly placements: (Span & { unitId: string })[] = [];
  readonly enrollmentMovement: MovementRow;
  private readonly ctx: StayContext;
  readonly personId: string;
  readonly org: Org;
  programme: ProgrammeRow;
  readonly start: number;
  readonly form: Form;
  readonly funding: Funding;

  constructor(
    ctx: StayContext,
    who: { personId: string; org: Org; programme: ProgrammeRow; start: number; form: Form; funding: Funding },
    opts: { orderDay?: number; arrivalOf?: string | null } = {},
  ) {
    this.ctx = ctx;
    this.personId = who.personId;
    this.org = who.org;
    this.programme = who.programme;
    this.start = who.start;
    this.form = who.form;
    this.funding = who.funding;
    const { programme, start, form, funding } = who;
    this.id = ctx.ids.next();
    this.enrollmentMovement = this.movement('enrollment', start, opts.orderDay ?? start, {
      programme_id: programme.id,
      education_form: form,
      funding,
      arrival_of: opts.arrivalOf ?? null,
    });
    this.periods.push({ status: 'enrolled', from: start, to: null, movementId: this.enrollmentMovement.id });
  }

  get open(): boolean {
    return this.end === null;
  }

  /** A movement of this stay in the organization's order of its kind for `orderDay`. */
  movement(kind: MovementRow['kind'], effective: number, orderDay: number, fields: MovementFields = {}) {
    const { orderId, position } = this.ctx.orders.line(this.ctx.out, this.org, ORDER_OF[kind], orderDay);
    const on = isoFromDay(orderDay);
    const m: MovementRow = {
      id: this.ctx.ids.next(),
      order_id: orderId,
      person_id: this.personId,
      enrollment_id: '',
      kind,
      effective_on: isoFromDay(effective),
      programme_id: null,
      unit_id: null,
      education_form: null,
      funding: null,
      exit_reason: null,
      destination_organization_id: null,
      debt_subjects: null,
      debt_deadline: null,
      document_series: null,
      document_number: null,
      document_reg_number: null,
      document_issued_on: null,
      honours: null,
      entered_at: `${on}T03:00:00Z`,
      position,
      promotion_type: null,
      document_kind: null,
      mastery: null,
      employment_form: null,
      arrival_of: null,
      ...fields,
    };
    this.movements.push(m);
    return m;
  }

  /** Into a unit from a day on; a move on the day the last placement began replaces it. */
  place(unitId: string, from: number, movement: MovementRow) {
    if (movement.unit_id === null) movement.unit_id = unitId;
    while ((this.placements.at(-1)?.from ?? -Infinity) >= from) this.placements.pop();
    const last = this.placements.at(-1);
    if (last) last.to = from;
    this.placements.push({ unitId, from, to: null, movementId: movement.id });
  }

  status(status: Status, from: number, movement: MovementRow) {
    while ((this.periods.at(-1)?.from ?? -Infinity) >= from) this.periods.pop();
    const last = this.periods.at(-1);
    if (last) last.to = from;
    this.periods.push({ status, from, to: null, movementId: movement.id });
  }

  /** Ends the stay on `on` (the first day the learner is no longer there). */
  close(on: number, movement: MovementRow) {
    while ((this.placements.at(-1)?.from ?? -Infinity) >= on) this.placements.pop();
    const last = this.placements.at(-1);
    if (last) last.to = on;
    this.status('exited', on, movement);
    this.end = on;
  }

  /** Writes the stay's rows, as a new enrollment or as the generator's own one (`legacy`). */
  finish(out: HistoryBatch, legacy: boolean) {
    const row = {
      id: this.id,
      person_id: this.personId,
      organization_id: this.org.row.id,
      started_on: isoFromDay(this.start),
      ended_on: this.end === null ? null : isoFromDay(this.end),
      programme_id: this.programme.id,
      education_form: this.form,
      funding: this.funding,
    };
    (legacy ? out.legacy : out.enrollments).push(row);
    for (const m of this.movements) {
      m.enrollment_id = this.id;
      out.movements.push(m);
    }
    for (const p of this.periods)
      out.periods.push({
        id: this.ctx.ids.next(),
        enrollment_id: this.id,
        status: p.status,
        valid_from: isoFromDay(p.from),
        valid_to: p.to === null ? null : isoFromDay(p.to),
        movement_id: p.movementId,
      });
    for (const p of this.placements)
      out.placements.push({
        id: this.ctx.ids.next(),
        enrollment_id: this.id,
        unit_id: p.unitId,
        valid_from: isoFromDay(p.from),
        valid_to: p.to === null ? null : isoFromDay(p.to),
        movement_id: p.movementId,
      });
  }
}
