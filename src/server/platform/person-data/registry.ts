import { ACCESS_REQUESTS_DATA } from '../../modules/access-requests/person-data.ts';
import { CONSENTS_DATA } from '../../modules/consents/person-data.ts';
import { CONTINGENT_IMPORT_DATA } from '../../modules/contingent-import/person-data.ts';
import { DATA_CORRECTIONS_DATA } from '../../modules/data-corrections/person-data.ts';
import { DUPLICATES_DATA } from '../../modules/duplicates/person-data.ts';
import { GIA_DATA } from '../../modules/gia/person-data.ts';
import { INTAKE_DATA } from '../../modules/intake/person-data.ts';
import { ORDERS_DATA } from '../../modules/orders/person-data.ts';
import { OUT_OF_EDUCATION_DATA } from '../../modules/out-of-education/person-data.ts';
import { PERSON_HEALTH_DATA } from '../../modules/person-health/person-data.ts';
import { PERSONS_DATA } from '../../modules/persons/person-data.ts';
import { PRIVACY_DATA } from '../../modules/privacy/person-data.ts';
import { QUEUE_DATA } from '../../modules/queue/person-data.ts';
import { assemble } from './assemble.ts';
import { PLATFORM_DATA } from './platform-tables.ts';

/**
 * Every table holding a person's data, as the owning modules declare it. The order is the order in
 * which a merge moves rows and a destruction erases them (undo restores in reverse). A module with
 * a new person-linked table adds its declaration here; test/api/person-data-registry.test.ts fails
 * on a foreign key to persons that no declaration names.
 */
export const PERSON_DATA = assemble([
  ...PERSONS_DATA,
  ...ORDERS_DATA,
  ...QUEUE_DATA,
  ...INTAKE_DATA,
  ...OUT_OF_EDUCATION_DATA,
  ...GIA_DATA,
  ...CONTINGENT_IMPORT_DATA,
  ...CONSENTS_DATA,
  ...PERSON_HEALTH_DATA,
  ...DUPLICATES_DATA,
  ...PRIVACY_DATA,
  ...ACCESS_REQUESTS_DATA,
  ...DATA_CORRECTIONS_DATA,
  ...PLATFORM_DATA,
]);
