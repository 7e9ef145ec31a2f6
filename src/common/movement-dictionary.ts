/** Orders and movements of the contingent (domain-ru §7): codes, their Russian names, and which go together. */

export const ORDER_KINDS = [
  'enrollment',
  'transfer',
  'promotion',
  'academic_leave',
  'reinstatement',
  'exit',
  'graduation',
] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export const ORDER_KIND_TITLES: Record<OrderKind | 'cancellation', string> = {
  enrollment: 'О зачислении',
  transfer: 'О переводе',
  promotion: 'О переводе в следующий класс (на следующий курс)',
  academic_leave: 'Об академическом отпуске',
  reinstatement: 'О восстановлении',
  exit: 'Об отчислении (выбытии)',
  graduation: 'О выпуске',
  cancellation: 'Об отмене приказа',
};

export const MOVEMENT_KINDS = [
  'enrollment',
  'internal_transfer',
  'transfer_out',
  'promotion',
  'academic_leave',
  'return',
  'reinstatement',
  'exit',
  'graduation',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const MOVEMENT_KIND_TITLES: Record<MovementKind, string> = {
  enrollment: 'Зачисление',
  internal_transfer: 'Перевод внутри организации',
  transfer_out: 'Выбытие в порядке перевода',
  promotion: 'Перевод в следующий класс',
  academic_leave: 'Академический отпуск',
  return: 'Выход из академического отпуска',
  reinstatement: 'Восстановление',
  exit: 'Отчисление (выбытие)',
  graduation: 'Выпуск',
};

/** The movements each kind of order may hold. */
export const ORDER_MOVEMENTS: Record<OrderKind, readonly MovementKind[]> = {
  enrollment: ['enrollment'],
  transfer: ['internal_transfer', 'transfer_out'],
  promotion: ['promotion'],
  academic_leave: ['academic_leave', 'return'],
  reinstatement: ['reinstatement'],
  exit: ['exit', 'transfer_out'],
  graduation: ['graduation'],
};

export const PROMOTION_TYPES = ['normal', 'conditional', 'repeat', 'adapted', 'individual_plan'] as const;
export type PromotionType = (typeof PROMOTION_TYPES)[number];
export const PROMOTION_TYPE_TITLES: Record<PromotionType, string> = {
  normal: 'Переведён',
  conditional: 'Переведён условно',
  repeat: 'Оставлен на повторное обучение',
  adapted: 'Переведён на адаптированную программу',
  individual_plan: 'Переведён на индивидуальный учебный план',
};

/** Grounds of ст. 61 273-ФЗ: completion, early at the learner's or parents' initiative, by the organization, external. */
export const EXIT_REASON_GROUPS = ['completion', 'initiative', 'organization', 'external'] as const;
export type ExitReasonGroup = (typeof EXIT_REASON_GROUPS)[number];
export const EXIT_REASON_GROUP_TITLES: Record<ExitReasonGroup, string> = {
  completion: 'В связи с получением образования',
  initiative: 'Досрочно по инициативе обучающегося или родителей',
  organization: 'Досрочно по инициативе организации',
  external: 'По обстоятельствам, не зависящим от воли сторон',
};

export const EXIT_REASONS = {
  GRADUATED: { group: 'completion', title: 'В связи с получением образования (завершением обучения)' },
  DOO_TO_SCHOOL: { group: 'completion', title: 'Выбытие из ДОО в связи с поступлением в школу' },
  TRANSFER_SAME_REGION: { group: 'initiative', title: 'Перевод в другую организацию региона' },
  TRANSFER_OTHER_REGION: { group: 'initiative', title: 'Выбытие в организацию другого субъекта РФ' },
  TRANSFER_ABROAD: { group: 'initiative', title: 'Выезд за пределы РФ' },
  FAMILY_EDUCATION: { group: 'initiative', title: 'Переход на семейное образование или самообразование' },
  PARENTS_WISH: {
    group: 'initiative',
    title: 'По инициативе родителей (без перевода), смена места жительства',
  },
  LEFT_AT_15: {
    group: 'initiative',
    title: 'Оставление организации в 15 лет до получения основного общего образования',
  },
  DISCIPLINARY: { group: 'organization', title: 'Отчисление как мера дисциплинарного взыскания' },
  ACADEMIC_FAILURE_PROF: {
    group: 'organization',
    title: 'Невыполнение учебного плана (профессиональная программа)',
  },
  ADMISSION_VIOLATION: { group: 'organization', title: 'Нарушение порядка приёма по вине обучающегося' },
  ORG_LIQUIDATION: { group: 'external', title: 'Ликвидация организации' },
  DEATH: { group: 'external', title: 'Смерть обучающегося' },
  MEDICAL: { group: 'external', title: 'По состоянию здоровья' },
} as const satisfies Record<string, { group: ExitReasonGroup; title: string }>;
export type ExitReason = keyof typeof EXIT_REASONS;
export const EXIT_REASON_CODES = Object.keys(EXIT_REASONS) as [ExitReason, ...ExitReason[]];

export const DOCUMENT_KINDS = [
  'certificate_basic',
  'certificate_secondary',
  'diploma_spo',
  'certificate_additional',
  'study_certificate',
] as const;
export const DOCUMENT_KIND_TITLES: Record<(typeof DOCUMENT_KINDS)[number], string> = {
  certificate_basic: 'Аттестат об основном общем образовании',
  certificate_secondary: 'Аттестат о среднем общем образовании',
  diploma_spo: 'Диплом о среднем профессиональном образовании',
  certificate_additional: 'Сертификат (свидетельство) об освоении программы ДО',
  study_certificate: 'Справка об обучении',
};

export const MASTERY = ['full', 'partial', 'not_mastered'] as const;
export const MASTERY_TITLES: Record<(typeof MASTERY)[number], string> = {
  full: 'Освоил программу полностью',
  partial: 'Освоил программу частично',
  not_mastered: 'Не освоил программу',
};

export const EMPLOYMENT_FORMS = [
  'employed',
  'self_employed',
  'entrepreneur',
  'military_service',
  'continuing_study',
  'parental_leave',
  'not_employed',
] as const;
export const EMPLOYMENT_FORM_TITLES: Record<(typeof EMPLOYMENT_FORMS)[number], string> = {
  employed: 'Трудоустроен по найму',
  self_employed: 'Самозанятый',
  entrepreneur: 'Индивидуальный предприниматель',
  military_service: 'Призван на военную службу',
  continuing_study: 'Продолжает обучение',
  parental_leave: 'Отпуск по уходу за ребёнком',
  not_employed: 'Не трудоустроен',
};

export const EDUCATION_FORMS = ['full_time', 'part_time', 'extramural', 'family', 'self'] as const;
export const EDUCATION_FORM_TITLES: Record<(typeof EDUCATION_FORMS)[number], string> = {
  full_time: 'Очная',
  part_time: 'Очно-заочная',
  extramural: 'Заочная',
  family: 'Семейное образование',
  self: 'Самообразование',
};

export const FUNDING = ['budget', 'contract', 'certificate'] as const;
export const FUNDING_TITLES: Record<(typeof FUNDING)[number], string> = {
  budget: 'Бюджет',
  contract: 'Платные услуги (договор)',
  certificate: 'Сертификат ПФДО',
};

export const ENROLLMENT_STATUSES = ['enrolled', 'academic_leave', 'conditional_promotion', 'exited'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
export const ENROLLMENT_STATUS_TITLES: Record<EnrollmentStatus, string> = {
  enrolled: 'Обучается',
  academic_leave: 'Академический отпуск',
  conditional_promotion: 'Переведён условно',
  exited: 'Выбыл',
};
