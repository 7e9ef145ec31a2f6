import {
  normalizeBirthCertificate,
  normalizeBirthCertNumber,
  normalizeBirthCertSeries,
  parseBirthCertificate,
  validateBirthCertificate,
} from './birth-certificate.ts';
import { innCheckDigits, isValidInn, makeInn10, makeInn12, normalizeInn, validateInn } from './inn.ts';
import { isValidKpp, KPP_PATTERN, normalizeKpp, validateKpp } from './kpp.ts';
import {
  isValidOgrn,
  isValidOgrnip,
  makeOgrn,
  makeOgrnip,
  normalizeOgrn,
  normalizeOgrnip,
  ogrnCheckDigit,
  ogrnipCheckDigit,
  validateOgrn,
  validateOgrnip,
} from './ogrn.ts';
import {
  isValidOkso,
  normalizeOkso,
  OKSO_PATTERN,
  oksoLevel,
  oksoLevelName,
  SPO_OKSO_LEVELS,
  validateOkso,
} from './okso.ts';
import {
  normalizePassportNumber,
  normalizePassportRf,
  normalizePassportSeries,
  parsePassportRf,
  validatePassportRf,
} from './passport-rf.ts';
import {
  formatSnils,
  isSnilsChecksumDefined,
  isValidSnils,
  makeSnils,
  normalizeSnils,
  SNILS_CHECKSUM_THRESHOLD,
  snilsControl,
  validateSnils,
} from './snils.ts';
import type { IdentifierResult } from './types.ts';

export type { BirthCertificateParts } from './birth-certificate.ts';
export type { InnLength, InnOptions } from './inn.ts';
export type { OksoOptions } from './okso.ts';
export type { PassportRfParts } from './passport-rf.ts';
export type { IdentifierProblem, IdentifierProblemCode, IdentifierResult } from './types.ts';
export { IDENTIFIER_PROBLEM_CODES } from './types.ts';
export {
  formatSnils,
  innCheckDigits,
  isSnilsChecksumDefined,
  isValidInn,
  isValidKpp,
  isValidOgrn,
  isValidOgrnip,
  isValidOkso,
  isValidSnils,
  KPP_PATTERN,
  makeInn10,
  makeInn12,
  makeOgrn,
  makeOgrnip,
  makeSnils,
  normalizeBirthCertificate,
  normalizeBirthCertNumber,
  normalizeBirthCertSeries,
  normalizeInn,
  normalizeKpp,
  normalizeOgrn,
  normalizeOgrnip,
  normalizeOkso,
  normalizePassportNumber,
  normalizePassportRf,
  normalizePassportSeries,
  normalizeSnils,
  OKSO_PATTERN,
  ogrnCheckDigit,
  ogrnipCheckDigit,
  oksoLevel,
  oksoLevelName,
  parseBirthCertificate,
  parsePassportRf,
  SNILS_CHECKSUM_THRESHOLD,
  SPO_OKSO_LEVELS,
  snilsControl,
  validateBirthCertificate,
  validateInn,
  validateKpp,
  validateOgrn,
  validateOgrnip,
  validateOkso,
  validatePassportRf,
  validateSnils,
};

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
export function validateIdentifier(type: IdentifierType, value: string): IdentifierResult {
  switch (type) {
    case 'snils':
      return validateSnils(value);
    case 'inn':
      return validateInn(value);
    case 'ogrn':
      return validateOgrn(value);
    case 'ogrnip':
      return validateOgrnip(value);
    case 'kpp':
      return validateKpp(value);
    case 'birth_certificate':
      return validateBirthCertificate(value);
    case 'passport_rf':
      return validatePassportRf(value);
    case 'okso':
      return validateOkso(value);
    default: {
      const unknown: never = type;
      throw new RangeError(`validateIdentifier: unknown identifier type ${JSON.stringify(unknown)}`);
    }
  }
}
