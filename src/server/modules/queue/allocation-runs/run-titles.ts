import { RUN_KIND_TITLES } from '../../../../common/queue-dictionary.ts';
import type { RunView } from './allocation-runs.schemas.ts';

export const runHeading = (run: Pick<RunView, 'kind' | 'referenceDate' | 'municipalityName'>) =>
  `Протокол: ${RUN_KIND_TITLES[run.kind]} на ${run.referenceDate.split('-').reverse().join('.')}, ${run.municipalityName}`;
