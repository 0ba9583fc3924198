// The built-in analyzers by name (BUILTIN_ANALYZERS in the config schema).
import type { BuiltinAnalyzer } from '../../policy/schema.js';
import { scanConflictMarkers } from './conflict-markers.js';
import { scanSecrets } from './secrets.js';
import { perAddedLines, type BuiltinScanner } from './types.js';

export const BUILTIN_SCANNERS: Record<BuiltinAnalyzer, BuiltinScanner> = {
  secrets: perAddedLines(scanSecrets),
  'conflict-markers': perAddedLines(scanConflictMarkers),
};
