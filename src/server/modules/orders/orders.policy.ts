import { definePolicy } from '../../platform/access/policy.ts';

/**
 * Orders are the organization's own documents. The paper order is signed by the head; its operators
 * enter it and mark it signed, which applies its movements. Cancelling a signed order rewrites the
 * learners' histories, so it is the organization administrator's alone. The municipality and the region read them (and the expected arrivals and «выбыл и не
 * прибыл» lists) for their territory; an integration client of an organization's e-journal may draft
 * and sign the orders its school system already signed there.
 */
export const OrderActions = definePolicy({
  'order.read': [
    'regional_operator',
    'municipal_specialist',
    'org_admin',
    'org_operator',
    'integration_client',
  ],
  'order.write': ['org_admin', 'org_operator', 'integration_client'],
  'order.sign': ['org_admin', 'org_operator', 'integration_client'],
  'order.cancel': ['org_admin'],
  'transfer.read': ['regional_operator', 'municipal_specialist', 'org_admin', 'org_operator'],
});
