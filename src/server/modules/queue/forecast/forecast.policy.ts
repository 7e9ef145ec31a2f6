import { definePolicy } from '../../../platform/access/policy.ts';

/** The forecast is figures without names: the municipality, the region and its analysts read it. */
export const ForecastActions = definePolicy({
  'forecast.read': ['regional_operator', 'municipal_specialist', 'analyst'],
});
