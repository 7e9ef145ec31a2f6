import { z } from 'zod';
import { uuid } from '../../../common/schemas/primitives.ts';

export const consentParams = z.strictObject({ id: uuid(), consentId: uuid() });
