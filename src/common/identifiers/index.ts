import { validateBirthCertificate } from './birth-certificate.ts';
import { validateInn } from './inn.ts';
import { validateKpp } from './kpp.ts';
import { validateOgrn, validateOgrnip } from './ogrn.ts';
import { validateOkso } from './okso.ts';
import { validatePassportRf } from './passport-rf.ts';
import { validateSnils } from './snils.ts';
import type { IdentifierResult } from './types.ts';

export * from './birth-certificate.ts';
export * from './inn.ts';
export * from './kpp.ts';
export * from './ogrn.ts';
export * from './okso.ts';
export * from './passport-rf.ts';
export * from './snils.ts';
export * from './types.ts';

export const IDENTIFIER_TYPES = [
  'snils',
  'inn',
  'ogrn',
  'ogrnip',
  'kpp',
  'birth_certificate',
  'passport_rf',
  'okso',
] as const;

export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export function isIdentifierType(value: string): value is IdentifierType {
  return (IDENTIFIER_TYPES as readonly string[]).includes(value);
}

// Generic entry point for the validation service: options stay at their permissive defaults (any ИНН length,
// any ОКСО level); callers that know the context use the specific validators.
const VALIDATORS: Record<IdentifierType, (value: string) => IdentifierResult> = {
  snils: validateSnils,
  inn: (value) => validateInn(value),
  ogrn: validateOgrn,
  ogrnip: validateOgrnip,
  kpp: validateKpp,
  birth_certificate: validateBirthCertificate,
  passport_rf: validatePassportRf,
  okso: (value) => validateOkso(value),
};

export function validateIdentifier(type: IdentifierType, value: string): IdentifierResult {
  const validate = VALIDATORS[type];
  if (!validate) throw new RangeError(`validateIdentifier: unknown identifier type ${JSON.stringify(type)}`);
  return validate(value);
}
