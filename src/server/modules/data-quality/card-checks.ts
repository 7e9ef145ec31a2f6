import { sql } from 'kysely';
import type { Check } from './checks.ts';

/**
 * Timeliness of the organization's card (regional regulations: changes in the card within three days).
 * The registry cannot see a change in the world before the card records it, so these checks look for
 * what it can see: a card left unfinished three days after the organization was registered, and an
 * accreditation certificate that ran out more than three days ago while the card still shows it.
 */
export const CARD_CHECKS: Check[] = [
  {
    code: 'organization_card_incomplete',
    severity: 'warning',
    objectType: 'organization',
    title: 'Карточка организации не заполнена в течение трех дней после регистрации',
    fix: 'Откройте карточку организации и внесите руководителя, телефон или электронную почту, фактический адрес и лицензию.',
    found: (s) => sql`
      SELECT org.id AS organization_id, org.id AS object_id FROM organizations org
       WHERE org.status <> 'liquidated' AND org.created_at < ${s.today}::date - 3
         AND ${s.organizations('org.id')}
         AND (coalesce(org.head->>'fullName', '') = ''
              OR (coalesce(org.contacts->>'phone', '') = '' AND coalesce(org.contacts->>'email', '') = '')
              OR coalesce(org.actual_address->>'text', '') = ''
              OR org.licence IS NULL OR jsonb_typeof(org.licence) = 'null')`,
  },
  {
    code: 'organization_accreditation_outdated',
    severity: 'warning',
    objectType: 'organization',
    title: 'В карточке организации свидетельство об аккредитации, срок которого истек более трех дней назад',
    fix: 'Внесите в карточку действующую аккредитацию (с 1 сентября 2022 г. аккредитация бессрочная: номер записи в реестре без срока действия).',
    found: (s) => sql`
      SELECT org.id AS organization_id, org.id AS object_id FROM organizations org
       WHERE org.status <> 'liquidated' AND ${s.organizations('org.id')}
         AND jsonb_typeof(org.accreditation) = 'object'
         AND org.accreditation->>'validUntil' ~ '^\\d{4}-\\d{2}-\\d{2}$'
         AND (org.accreditation->>'validUntil')::date < ${s.today}::date - 3`,
  },
];
