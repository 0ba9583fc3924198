// The effective config: the file when it exists (validated strictly), else zero-config detection.
import { detectConfig, type ReadFile } from './detect.js';
import { parseConfigWithInput } from './loader.js';
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
}

export async function loadEffectiveConfig(read: ReadFile, configPath: string): Promise<EffectiveConfig> {
  const text = await read(configPath);
  if (text !== undefined) {
    const { config, input } = parseConfigWithInput(text, configPath);
    return { config, source: 'file', notes: [`config from ${configPath}`], fileInput: input };
  }
  const detection = await detectConfig(read);
  return {
    config: detection.config,
    source: 'detected',
    notes: [`no ${configPath}: zero-config`, ...detection.notes],
    detectedInput: detection.input,
  };
}
