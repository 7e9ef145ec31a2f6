export type IdentifierProblem = { code: string; detail: string }; // detail in Russian

export type IdentifierResult = { valid: boolean; normalized: string | null; problems: IdentifierProblem[] };

// The codes are a stable contract: the validation service and the web form key their behaviour on them,
// while `detail` is free to be reworded.
export const IDENTIFIER_PROBLEM_CODES = [
  'empty',
  'bad_format',
  'bad_length',
  'bad_checksum',
  'bad_prefix',
  'bad_series',
  'bad_number',
  'bad_level',
] as const;

export type IdentifierProblemCode = (typeof IDENTIFIER_PROBLEM_CODES)[number];
