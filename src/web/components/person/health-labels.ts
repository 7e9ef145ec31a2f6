/** Titles of health codes, from the zod-free dictionary shared with the server. */
export {
  DISABILITY_CATEGORY_TITLES,
  DISABILITY_GROUP_TITLES,
  HEALTH_GROUP_TITLES,
  LONG_TERM_TREATMENT_TITLES,
  PE_GROUP_TITLES,
} from '../../../common/health-dictionary.ts';
