// The effective config: the file when it exists (validated strictly), else zero-config detection.
import type { DetectEnvironment, EcosystemCoverage } from '../ecosystems/detect.js';
import { detectConfig, type ReadFile } from './detect-config.js';
import type { ConfigInput, KiloConfig } from './schema.js';

export interface EffectiveConfig {
  config: KiloConfig;
  source: 'file' | 'detected';
  /** The config file's path, or what detection found. */
  notes: string[];
  /** The file's parsed YAML before defaults (source `file`). */
  fileInput?: unknown;
  /** What detection supplied before defaults (source `detected`). */
  detectedInput?: ConfigInput;
  /** Zero-config only: per ecosystem the PR touches, the tools planned and skipped. */
  coverage?: EcosystemCoverage[];
}

/** Without an environment (no checkout to probe), detection sees no changed file and plans built-ins only. */
const NO_DETECTION: DetectEnvironment = {
  files: [],
  probe: { which: () => Promise.resolve(undefined), exists: () => Promise.resolve(false) },
  standins: {},
};

export async function loadEffectiveConfig(
  read: ReadFile,
  configPath: string,
  env: DetectEnvironment = NO_DETECTION,
): Promise<EffectiveConfig> {
  const text = await read(configPath);
  if (text !== undefined) {
    // The YAML parser is a lazy chunk: a zero-config run never loads it.
    const { parseConfigWithInput } = await import('./parse-config.js');
    const { config, input } = parseConfigWithInput(text, configPath);
    return { config, source: 'file', notes: [`config from ${configPath}`], fileInput: input };
  }
  const detection = await detectConfig(read, env);
  return {
    config: detection.config,
    source: 'detected',
    notes: [`no ${configPath}: zero-config`, ...detection.notes],
    detectedInput: detection.input,
    coverage: detection.coverage,
  };
}
