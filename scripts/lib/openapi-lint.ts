import { createConfig, lintFromString } from '@redocly/openapi-core';

export type LintProblem = { severity: string; ruleId: string; message: string; where: string };

/** Redocly's `recommended` rules over an OpenAPI document, as `redocly lint` would run them. */
export async function lintOpenApi(document: unknown): Promise<LintProblem[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({
    source: JSON.stringify(document, null, 2),
    absoluteRef: 'openapi.json',
    config,
  });
  return problems.map((p) => ({
    severity: p.severity,
    ruleId: p.ruleId,
    message: p.message,
    where: p.location[0]?.pointer ?? '',
  }));
}
