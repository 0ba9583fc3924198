// SARIF 2.1.0 for code scanning: one run, one result per finding, partialFingerprints so alerts track
// across commits. Pure: the caller writes the file.
import type { Finding, Severity } from '../findings/types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  notice: 'note',
};

export function renderSarif(findings: readonly Finding[], toolVersion: string): string {
  const rules = [...new Set(findings.map((f) => f.rule))].sort();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Kilo Agent',
            version: toolVersion,
            informationUri: 'https://github.com/marketplace/actions/kilo-agent',
            rules: rules.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: rules.indexOf(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.path, uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: f.line,
                  ...(f.endLine && f.endLine > f.line ? { endLine: f.endLine } : {}),
                },
              },
            },
          ],
          partialFingerprints: { 'kiloFingerprint/v1': f.fingerprint },
          properties: { source: f.source },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
