// Ruff's path patterns (per-file-ignores, exclude, per-file-target-version) as ruff matches them: a
// pattern is made absolute against the directory of the file that declares it and is tried against a
// file's absolute path and, as written, against its name. Globs follow Rust's globset defaults, where
// `*` and `?` also match `/`. POSIX paths only.
import path from 'node:path';

export interface PathMatcher {
  /** The pattern as written, for messages. */
  pattern: string;
  absolute: RegExp;
  basename: RegExp;
  /** `!pattern`: matches the files the pattern does not. */
  negated: boolean;
}

/** `pattern` as declared in a config file in `dir`. */
export function pathMatcher(pattern: string, dir: string): PathMatcher {
  const negated = pattern.startsWith('!');
  const glob = negated ? pattern.slice(1) : pattern;
  return {
    pattern,
    absolute: globRegExp(path.isAbsolute(glob) ? glob : path.join(dir, glob)),
    basename: globRegExp(glob),
    negated,
  };
}

/** A built-in exclusion (`.venv`, `node_modules`): a bare name, so it matches by name only. */
export function builtinMatcher(name: string): PathMatcher {
  const exact = globRegExp(name);
  return { pattern: name, absolute: exact, basename: exact, negated: false };
}

export function matchesPath(matcher: PathMatcher, file: string): boolean {
  const hit = matcher.absolute.test(file) || matcher.basename.test(path.basename(file));
  return hit !== matcher.negated;
}

/**
 * Ruff's force-exclude check for a file named on the command line: the file or any directory above it,
 * up to the project root, matches an exclusion by path or by name.
 */
export function isExcluded(file: string, root: string, matchers: readonly PathMatcher[]): boolean {
  if (matchers.length === 0) return false;
  for (let current = file; ; current = path.dirname(current)) {
    if (matchers.some((matcher) => matchesPath(matcher, current))) return true;
    if (current === root || path.dirname(current) === current) return false;
  }
}

/**
 * globset's syntax with its defaults (no literal separator, backslash escapes): `*`, `?`, `**` (which
 * also matches no directory when a slash follows it), `[…]`/`[!…]` classes and `{a,b}` alternatives.
 */
export function globRegExp(glob: string): RegExp {
  try {
    return new RegExp(`^${globSource(glob)}$`, 'u');
  } catch {
    // globset refuses such a pattern (`[z-a]`); ruff would stop on it, here it matches only itself.
    return new RegExp(`^${escapeRegExp(glob)}$`, 'u');
  }
}

function globSource(glob: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '\\' && i + 1 < glob.length) out += escapeRegExp(glob.charAt(++i));
    else if (c === '*') {
      const first = i;
      while (glob.charAt(i + 1) === '*') i++;
      const doubled = i > first && (first === 0 || glob.charAt(first - 1) === '/');
      if (doubled && glob.charAt(i + 1) === '/') {
        out += '(?:.*/)?';
        i++;
      } else out += '.*';
    } else if (c === '?') out += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        const body = glob.slice(i + 1, end);
        out += body.startsWith('!') ? `[^${classBody(body.slice(1))}]` : `[${classBody(body)}]`;
        i = end;
      }
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) out += '|';
    else out += escapeRegExp(c);
  }
  return out + ')'.repeat(depth);
}

function classBody(body: string): string {
  return body.replace(/[\\\]^[]/g, (c) => `\\${c}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`);
}
