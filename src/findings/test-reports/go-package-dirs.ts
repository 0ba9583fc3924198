// Go import path → package directory, for test failures that name a file by base name only: read from
// goroutine frames in the workspace, else guessed from the module path; undefined when neither fits.
import path from 'node:path';
import { repoPath } from '../parsers/common.js';
import type { TestReportOptions } from './types.js';

/** Where a package's files are: evidence from the stream, by import path. */
export type PackageDirs = Map<string, string>;

/** The part of a read `go test -json` stream that holds output: each package's own and its tests'. */
export interface PackageOutputs {
  packages: ReadonlyMap<string, { output: string[]; tests: ReadonlyMap<string, { output: string[] }> }>;
}

/** The second line of a goroutine frame: `\t/abs/pkg/calc_test.go:14 +0x45`. */
export const FRAME_FILE = /^\t(\/.+?\.go):(\d+)(?: \+0x[0-9a-f]+)?$/;
const MAJOR_VERSION = /^v[2-9]\d*$|^v1\d+$/;

/**
 * Package → absolute directory, from goroutine frames: `example.com/m/cart.TestX(…)` followed by
 * `\t/abs/m/cart/cart_test.go:14 +0x45` says where example.com/m/cart is. Only directories in the
 * workspace count (the standard library and the module cache are not the repository).
 */
export function packageDirs(stream: PackageOutputs, options: TestReportOptions): PackageDirs {
  const dirs: PackageDirs = new Map();
  const outputs = [...stream.packages.values()].flatMap((run) => [
    run.output,
    ...[...run.tests.values()].map((test) => test.output),
  ]);
  for (const output of outputs) {
    const lines = output.join('').split('\n');
    for (let i = 1; i < lines.length; i++) {
      const frame = FRAME_FILE.exec(lines[i] ?? '');
      const pkg = functionPackage(lines[i - 1] ?? '');
      if (frame?.[1] === undefined || pkg === undefined || dirs.has(pkg)) continue;
      if (repoPath(options.workspace, frame[1], options.cwd) !== undefined)
        dirs.set(pkg, path.posix.dirname(frame[1]));
    }
  }
  return dirs;
}

/** `example.com/m/cart.(*Cart).Add(0xc…)` → `example.com/m/cart`; `…/cart_test.TestX` → `…/cart`. */
function functionPackage(line: string): string | undefined {
  const name = line.replace(/^created by /, '').split(/\s/)[0] ?? '';
  const beforeArguments = name.slice(0, name.indexOf('(') === -1 ? undefined : name.indexOf('('));
  const slash = beforeArguments.lastIndexOf('/');
  const dot = beforeArguments.indexOf('.', slash + 1);
  if (dot <= 0) return undefined;
  return beforeArguments.slice(0, dot).replace(/_test$/, '');
}

/**
 * The directory of `pkg`: its own frames; else another package's frames, by the module prefix the two
 * share (the trailing segments an import path and its directory have in common name the same folders);
 * else the module of the go.mod where go ran, when the tester read it; else the go command's directory
 * as the module root, if the import path names it.
 */
export function packageDir(pkg: string, dirs: PackageDirs, options: TestReportOptions): string | undefined {
  const own = dirs.get(pkg);
  if (own !== undefined) return own;
  let best: { prefix: string; dir: string } | undefined;
  for (const [known, dir] of dirs) {
    const mapping = modulePrefix(known, dir);
    if (mapping === undefined || (best !== undefined && best.prefix.length >= mapping.prefix.length))
      continue;
    if (pkg === mapping.prefix || pkg.startsWith(`${mapping.prefix}/`)) best = mapping;
  }
  if (best !== undefined) return path.posix.join(best.dir, pkg.slice(best.prefix.length));
  const cwd = options.cwd ?? options.workspace;
  // go ran in the module's directory: its packages are the folders under it.
  const module = options.goModule;
  if (module !== undefined && (pkg === module || pkg.startsWith(`${module}/`)))
    return path.posix.join(cwd, pkg.slice(module.length));
  const name = path.posix.basename(cwd);
  const segments = pkg.split('/');
  let rest = segments.indexOf(name) + 1;
  if (name === '' || rest === 0) return undefined;
  if (MAJOR_VERSION.test(segments[rest] ?? '')) rest++;
  return path.posix.join(cwd, ...segments.slice(rest));
}

/** `example.com/m/cart` in `/ws/m/cart` → `example.com` is `/ws`; undefined when nothing is left. */
function modulePrefix(pkg: string, dir: string): { prefix: string; dir: string } | undefined {
  const segments = pkg.split('/');
  const folders = dir.split('/');
  while (segments.length > 0 && segments[segments.length - 1] === folders[folders.length - 1]) {
    segments.pop();
    folders.pop();
  }
  return segments.length === 0 ? undefined : { prefix: segments.join('/'), dir: folders.join('/') || '/' };
}
