// The built-in analyzers by name (BUILTIN_ANALYZERS in the config schema).
import type { BuiltinAnalyzer } from '../../policy/schema.js';
import { scanBinaryFiles } from './binary-files.js';
import { scanConflictMarkers } from './conflict-markers.js';
import { scanLargeFiles } from './large-files.js';
import { scanSecrets } from './secrets.js';
import { perAddedLines, type BuiltinScanner } from './types.js';
import { scanWorkflowSecurity } from './workflow-security.js';

export const BUILTIN_SCANNERS: Record<BuiltinAnalyzer, BuiltinScanner> = {
  secrets: (input) => perAddedLines((path, lines) => scanSecrets(path, lines, input.secrets))(input),
  'conflict-markers': perAddedLines(scanConflictMarkers),
  'large-files': scanLargeFiles,
  'binary-files': scanBinaryFiles,
  'workflow-security': scanWorkflowSecurity,
};
