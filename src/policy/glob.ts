// The one way changed paths are matched against config globs (task `paths`, `protected-paths`).
import picomatch from 'picomatch';

/**
 * A matcher for repository paths. `dot`: `.github/**` means what it says. `flags: 's'`: picomatch's
 * `**` and `*` compile to `.`, which skips line terminators, so a file name with a newline in it
 * would slip past every glob — out of a linter's reach and out of `protected-paths`.
 */
export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  return picomatch([...patterns], { dot: true, flags: 's' });
}
