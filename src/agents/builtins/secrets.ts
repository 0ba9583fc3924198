// Built-in analyzer: secrets in added lines, as src/trace/secret-patterns.ts finds them (the tracer and
// the LLM redactor mask the same spans). Messages and fingerprints never contain the secret.
import { findingFingerprint } from '../../findings/fingerprint.js';
import type { Finding } from '../../findings/types.js';
import {
  findSecretMatches,
  type AddedLineSecrets,
  type SecretKind,
  type SecretMatch,
} from '../../trace/secret-patterns.js';

const LABELS: Record<SecretKind, { what: string; fix: string }> = {
  'aws-access-key-id': { what: 'AWS access key ID', fix: 'remove it and rotate the key' },
  'github-token': { what: 'GitHub token', fix: 'remove it and revoke the token' },
  'slack-token': { what: 'Slack token', fix: 'remove it and revoke the token' },
  'private-key': { what: 'private key', fix: 'remove it and rotate the key' },
  'generic-secret': { what: 'hard-coded secret', fix: 'move it to a secret store and rotate it' },
};

/** One error finding per secret kind per added line; `known` is the run's scan, when there is one. */
export function scanSecrets(
  path: string,
  addedLines: ReadonlyMap<number, string>,
  known?: AddedLineSecrets,
): Finding[] {
  const findings: Finding[] = [];
  const withSecrets = known?.linesWithSecrets(path, addedLines);
  const lines = withSecrets
    ? [...withSecrets.keys()].map((line) => [line, addedLines.get(line)!] as const)
    : [...addedLines];
  for (const [line, content] of lines.sort((a, b) => a[0] - b[0])) {
    const matches =
      withSecrets?.get(line) ?? known?.at(path, line, content) ?? findSecretMatches(content, path);
    const seenKinds = new Set<SecretKind>();
    for (const match of matches) {
      if (seenKinds.has(match.kind)) continue;
      seenKinds.add(match.kind);
      findings.push(toFinding(path, line, content, match, matches));
    }
  }
  return findings;
}

function toFinding(
  path: string,
  line: number,
  content: string,
  match: SecretMatch,
  all: SecretMatch[],
): Finding {
  const rule = `secrets/${match.kind}`;
  return {
    rule,
    severity: 'error',
    message: messageFor(match.kind, content.slice(match.start, match.end)),
    path,
    line,
    source: 'secrets',
    // Fingerprint the line with the secrets masked: stable across rebases, and no hash of the secret.
    fingerprint: findingFingerprint(rule, path, maskSecrets(content, all), line),
  };
}

function messageFor(kind: SecretKind, value: string): string {
  const { what, fix } = LABELS[kind];
  // A key header is not itself secret, and its first characters say nothing useful.
  if (kind === 'private-key') return `Possible private key block added; ${fix}.`;
  return `Possible ${what} (${redact(value)}) added; ${fix}.`;
}

/** First 4 characters and the length: enough to find it, not enough to use it. */
export function redact(value: string): string {
  return `${value.slice(0, 4)}… ${value.length} chars`;
}

function maskSecrets(line: string, matches: readonly SecretMatch[]): string {
  let masked = '';
  let cursor = 0;
  for (const match of matches) {
    masked += line.slice(cursor, match.start) + `<${match.kind}>`;
    cursor = match.end;
  }
  return masked + line.slice(cursor);
}
