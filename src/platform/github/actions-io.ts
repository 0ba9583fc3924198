// The runner's side of a JavaScript action: inputs from INPUT_* variables, outputs and the job summary
// in the files the runner names, and workflow commands (`::warning file=…::…`) on stdout. It does what
// @actions/core does for the calls we make, with the same escaping and formats, without loading
// @actions/core: its OIDC client pulls @actions/http-client and undici into every run's start-up
// (~100 ms of ~300; docs/decisions.md, issue 12). Only src/main.ts and src/platform/github/ use it.
import { randomUUID } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { EOL } from 'node:os';

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/** An input's value, trimmed; '' when it is not set. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (file) {
    // A fresh delimiter per value, so no value can end the block early (as @actions/core does).
    const delimiter = `ghadelimiter_${randomUUID()}`;
    if (name.includes(delimiter) || value.includes(delimiter)) throw new Error('output delimiter collision');
    appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
  } else {
    process.stdout.write(EOL);
    command('set-output', { name }, value);
  }
}

export function setSecret(secret: string): void {
  command('add-mask', {}, secret);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  command('debug', {}, message);
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  command('notice', annotation(properties), message);
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  command('warning', annotation(properties), message);
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  command('error', annotation(properties), message);
}

/** Marks the step failed: exit code 1 and the message as an error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** Runs `fn` inside a collapsible group of the log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  command('group', {}, name);
  try {
    return await fn();
  } finally {
    command('endgroup', {}, '');
  }
}

/** Replaces the step's job summary (GITHUB_STEP_SUMMARY); throws when there is none or it fails. */
export function writeSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY');
  writeFileSync(file, markdown + EOL, 'utf8');
}

function annotation(properties: AnnotationProperties): Record<string, string | number | undefined> {
  return {
    title: properties.title,
    file: properties.file,
    line: properties.startLine,
    endLine: properties.endLine,
    col: properties.startColumn,
    endColumn: properties.endColumn,
  };
}

function command(name: string, properties: Record<string, string | number | undefined>, message: string) {
  const props = Object.entries(properties)
    // Like @actions/core: an empty or missing value is left out.
    .filter((entry): entry is [string, string | number] => Boolean(entry[1]))
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
