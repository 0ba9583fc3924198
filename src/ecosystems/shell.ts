// Shell scripts: shellcheck on the scripts a PR touches, which it reads with the repository's own
// `.shellcheckrc` (shellcheck looks for it itself). A script is a file with a shell extension, or a
// changed file without an extension whose shebang names a shell shellcheck knows. Limits: a shebang is
// read from where the config comes from (the base commit for a fork), so a script without an extension
// that a fork adds is not seen; zsh and fish scripts are not shellcheck's and are left alone.
import path from 'node:path';
import type { DetectInput, EcosystemDetection, EcosystemProvider } from './types.js';

/** The dialects shellcheck 0.9 checks by extension (`.bats` as bash, with its `@test` blocks). */
const SCRIPT_EXTENSIONS = ['sh', 'bash', 'dash', 'ksh', 'bats'] as const;
const SCRIPT_FILE = new RegExp(`\\.(?:${SCRIPT_EXTENSIONS.join('|')})$`);
const SCRIPT_GLOB = `**/*.{${SCRIPT_EXTENSIONS.join(',')}}`;
/**
 * `#!/bin/sh`, `#! /usr/bin/bash -e`, `#!/usr/bin/env -S bash -e`: the shells shellcheck checks
 * without complaint (ash and busybox it checks as dash, with a warning on the shebang, so not them).
 */
const SHELL_SHEBANG =
  /^#![ \t]*(?:\S*\/)?(?:env[ \t]+(?:-\S+[ \t]+)*)?(?:sh|bash|dash|ksh|bats)(?=[ \t\r\n]|$)/;
/** Reading is cheap but not free: a PR renaming a tree of extensionless files is not worth a read each. */
const MAX_SHEBANG_READS = 20;
/** Bigger is generated (autoconf's `configure` runs to hundreds of KiB), not a script anyone reviews. */
const MAX_SCRIPT_CHARS = 256 * 1024;
const MAX_SHEBANG_SHOWN = 60;
/** Glob syntax picomatch would otherwise interpret in a literal file name. */
const GLOB_SPECIAL = /[\\*?[\]{}()!+@|^$]/g;
// Run by name, not by the path the probe found, so the line reads the same in `config --print` and in
// an allowlist on any runner. Checkstyle XML names any file; the gnu reader of `-f gcc` skips names with
// a space or a colon and top-level names without an extension (`install`), which are scripts here.
// The checkstyle reader drops the `ShellCheck.` prefix of its rules: they read `SC2086`.
const SHELLCHECK_RUN = 'shellcheck -f checkstyle {files}';
const SHELLCHECK_MISSING =
  'shellcheck is not installed: run `sudo apt-get install -y shellcheck` before this step (ubuntu-latest has it)';

export const shell: EcosystemProvider = {
  name: 'shell',
  markers: [],
  owns: (file) => SCRIPT_FILE.test(file),
  detect,
};

async function detect(input: DetectInput): Promise<EcosystemDetection | undefined> {
  const scripts = input.files.filter((file) => shell.owns(file));
  const { found: byShebang, notes } = await shebangScripts(input);
  if (scripts.length === 0 && byShebang.length === 0) return undefined;
  const out: EcosystemDetection = {
    ecosystem: 'shell',
    directory: input.directory,
    tasks: [],
    allow: [],
    skipped: [],
    notes,
  };
  const evidence = describe([...scripts, ...byShebang]);
  const bin = await input.probe.which('shellcheck');
  if (bin === undefined) {
    out.skipped.push({ kind: 'analyze', tool: 'shellcheck', reason: SHELLCHECK_MISSING });
    out.notes.push(`skipped analyze shellcheck (${evidence}): ${SHELLCHECK_MISSING}`);
    return out;
  }
  out.tasks.push({
    kind: 'analyze',
    task: {
      name: 'shellcheck',
      run: SHELLCHECK_RUN,
      format: 'checkstyle',
      paths: [SCRIPT_GLOB, ...byShebang.map(literalGlob)],
    },
  });
  out.allow.push(SHELLCHECK_RUN);
  const rc = (await input.probe.exists('.shellcheckrc')) ? '; shellcheck reads .shellcheckrc itself' : '';
  out.notes.push(`analyze shellcheck: ${evidence} and ${bin}${rc}`);
  return out;
}

/**
 * The changed files without an extension whose first line is a shell shebang, with a note for each
 * one taken and for what was not looked at. Dotfiles are configuration (`.envrc` has no shebang).
 */
async function shebangScripts(input: DetectInput): Promise<{ found: string[]; notes: string[] }> {
  const candidates = input.files.filter((file) => {
    const name = path.posix.basename(file);
    // A control character in a name would need more than glob escaping to be matched literally.
    return !name.startsWith('.') && !name.includes('.') && !/[\p{Cc}]/u.test(file);
  });
  const looked = candidates.slice(0, MAX_SHEBANG_READS);
  const texts = await Promise.all(looked.map((file) => input.read(file)));
  const found: string[] = [];
  const notes: string[] = [];
  looked.forEach((file, index) => {
    const text = texts[index];
    if (text === undefined || !SHELL_SHEBANG.test(text)) return;
    if (text.length > MAX_SCRIPT_CHARS) {
      notes.push(
        `${file}: a shell script by its shebang, but over ${MAX_SCRIPT_CHARS / 1024} KiB: left out as generated`,
      );
      return;
    }
    found.push(file);
    notes.push(`${file}: a shell script by its shebang (${shebangOf(text)})`);
  });
  if (candidates.length > looked.length)
    notes.push(
      `looked for a shebang in the first ${MAX_SHEBANG_READS} of ${candidates.length} changed files without an extension`,
    );
  return { found, notes };
}

/** The shebang line as a note shows it: trimmed, and clipped so a hostile one cannot flood the report. */
function shebangOf(text: string): string {
  const line = (text.split('\n', 1)[0] ?? '').trim();
  return line.length > MAX_SHEBANG_SHOWN ? `${line.slice(0, MAX_SHEBANG_SHOWN - 1)}…` : line;
}

/** A glob matching exactly this path. */
function literalGlob(file: string): string {
  return file.replace(GLOB_SPECIAL, '\\$&');
}

/** "1 shell script changed (a.sh)", "3 shell scripts changed (a.sh, b/c.bash, …)". */
function describe(files: readonly string[]): string {
  const shown = files.slice(0, 3).join(', ');
  const more = files.length > 3 ? ', …' : '';
  return `${files.length} shell script${files.length === 1 ? '' : 's'} changed (${shown}${more})`;
}
