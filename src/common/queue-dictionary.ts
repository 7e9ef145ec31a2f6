import rights from './dictionaries/preschool-rights.json' with { type: 'json' };

/** Application statuses (domain-ru.md §3.5) with what the parent reads and the ЕПГУ code sent for them. */
export const APPLICATION_STATUSES = [
  'new',
  'under_review',
  'awaiting_confirmation',
  'queued',
  'referred',
  'enrolled',
  'refused',
  'withdrawn',
  'archived',
  'wants_change',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_STATUS_TITLES: Record<ApplicationStatus, string> = {
  new: 'Заявление зарегистрировано',
  under_review: 'Начато рассмотрение заявления',
  awaiting_confirmation: 'Требуется подтверждение права',
  queued: 'В очереди',
  referred: 'Выдано направление',
  enrolled: 'Ребёнок зачислен',
  refused: 'Отказано в предоставлении услуги',
  withdrawn: 'Заявление отозвано',
  archived: 'В архиве',
  wants_change: 'Желает сменить детский сад',
};

/** The statuses that close an application for good. */
export const CLOSED_STATUSES: readonly ApplicationStatus[] = ['enrolled', 'refused', 'withdrawn', 'archived'];

/**
 * Which status may follow which (the operator's moves; referral and enrollment come from an allocation
 * run and the kindergarten's order). A right awaiting confirmation keeps the application in the queue.
 */
export const STATUS_MOVES: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  new: ['under_review', 'awaiting_confirmation', 'queued', 'refused', 'withdrawn'],
  under_review: ['awaiting_confirmation', 'queued', 'refused', 'withdrawn'],
  awaiting_confirmation: ['queued', 'refused', 'withdrawn'],
  queued: ['awaiting_confirmation', 'referred', 'wants_change', 'withdrawn', 'archived'],
  referred: ['enrolled', 'queued', 'withdrawn'],
  wants_change: ['queued', 'referred', 'withdrawn', 'archived'],
  enrolled: ['wants_change'],
  refused: [],
  withdrawn: [],
  archived: [],
};

/**
 * The ЕПГУ status code (data/epgu-statuses.json) for a status; a queued application is 140 while its
 * desired date is ahead and 160 once reached. Withdrawal and archiving have no code in the current
 * table: the legacy concentrator's 11 and 10 are sent.
 */
export function epguCode(status: ApplicationStatus, desiredReached: boolean): number {
  switch (status) {
    case 'new':
      return 110;
    case 'under_review':
      return 120;
    case 'awaiting_confirmation':
      return 130;
    case 'queued':
    case 'wants_change':
      return desiredReached ? 160 : 140;
    case 'referred':
      return 190;
    case 'enrolled':
      return 250;
    case 'refused':
      return 150;
    case 'withdrawn':
      return 11;
    case 'archived':
      return 10;
  }
}

export const RIGHT_KINDS = ['out_of_turn', 'first', 'sibling'] as const;
export type RightKind = (typeof RIGHT_KINDS)[number];
export const RIGHT_TITLES: Record<RightKind | 'general', string> = {
  out_of_turn: 'внеочередное право',
  first: 'первоочередное право',
  sibling: 'преимущественное право (брат или сестра в этом детском саду)',
  general: 'общая очередь',
};

/** The priority classes of an allocation (allocation.md §3.2), strongest first, as the protocol names them. */
export const PRIORITY_TITLES: Record<string, string> = {
  current_seat: 'свое место при переводе',
  out_of_turn: 'внеочередное право',
  first: 'первоочередное право',
  sibling: 'преимущественное право',
  none: 'общая очередь',
};

export const RUN_KIND_TITLES: Record<string, string> = {
  main: 'основное комплектование',
  top_up: 'доукомплектование',
};

export const RUN_STATUS_TITLES: Record<string, string> = {
  preparing: 'подготовка',
  running: 'расчет',
  draft: 'проект',
  approved: 'утверждено',
  discarded: 'отменено',
  failed: 'ошибка расчета',
};

export const REFERRAL_STATUS_TITLES: Record<string, string> = {
  issued: 'выдано',
  enrolled: 'зачислен',
  refused: 'отказ',
  expired: 'истек срок',
  cancelled: 'аннулировано',
};

export const OUTCOME_TITLES: Record<string, string> = {
  placed: 'Направлен',
  offered: 'Предложен иной детский сад',
  outranked: 'Без места: места заняты детьми с более высоким приоритетом',
  no_eligible_group: 'Без места: нет подходящей группы',
  kept_current_seat: 'Остается в своем детском саду',
};

export type RightCategory = {
  code: string;
  version: number;
  right: RightKind;
  title: string;
  basis: string;
  confirmingDocuments: string[];
  validFrom: string;
  validTo: string | null;
};

/** The versioned list of right categories; the sibling right is derived, never claimed. */
export const RIGHT_CATEGORIES = rights.items as RightCategory[];

/** The category version in force on a date, if the category may be claimed then. */
export function claimableCategory(code: string, on: string): RightCategory | null {
  return (
    RIGHT_CATEGORIES.find(
      (c) =>
        c.code === code &&
        c.right !== 'sibling' &&
        c.validFrom <= on &&
        (c.validTo === null || c.validTo >= on),
    ) ?? null
  );
}

/** How many kindergartens an application may rank, unless the region configures otherwise. */
export const DEFAULT_MAX_PREFERENCES = 5;
