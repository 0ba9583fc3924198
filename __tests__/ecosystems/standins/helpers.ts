// Shared by the stand-in tests: temp repositories, an IO that collects, the real wasm modules, and
// the analyzer's reading of rdjson (what a review makes of a stand-in's output).
import * as ruffWasm from '@astral-sh/ruff-wasm-nodejs';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseRdjson } from '../../../src/findings/parsers/rdjson.js';
import type { CliIo } from '../../../src/ecosystems/standins/source-file.js';
import type { RuffWasm } from '../../../src/ecosystems/standins/ruff-engine.js';

export const RUFF_WASM: RuffWasm = ruffWasm;

/** A directory with `.git` (a repository root, as the stand-ins find it) and these files. */
export function tempRepo(files: Record<string, string>, prefix = 'kilo-standin-'): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  mkdirSync(path.join(dir, '.git'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

export function removeAll(dirs: string[]): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface CollectedIo extends CliIo {
  out: string;
  err: string;
}

export function collectIo(cwd: string): CollectedIo {
  const io: CollectedIo = {
    cwd,
    out: '',
    err: '',
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
  };
  return io;
}

/** The findings the analyzer makes of rdjson printed in `workspace`: [rule, path, line, severity]. */
export function readFindings(output: string, workspace: string): Array<[string, string, number, string]> {
  const result = parseRdjson(output, { workspace, source: 'standin', lineContent: () => undefined });
  if (result.error !== undefined) throw new Error(result.error);
  return result.findings.map((f) => [f.rule, f.path, f.line, f.severity]);
}

export const lines = (...text: string[]): string => `${text.join('\n')}\n`;
