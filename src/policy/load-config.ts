// The effective config: the file when it exists (validated strictly), else zero-config detection.
import { detectConfig, type ReadFile } from './detect.js';
import { parseConfigText } from './loader.js';
import type { KiloConfig } from './schema.js';

export interface EffectiveConfig {
  config: KiloConfig;
  source: 'file' | 'detected';
  /** The config file's path, or what detection found. */
  notes: string[];
}

export async function loadEffectiveConfig(read: ReadFile, configPath: string): Promise<EffectiveConfig> {
  const text = await read(configPath);
  if (text !== undefined) {
    return {
      config: parseConfigText(text, configPath),
      source: 'file',
      notes: [`config from ${configPath}`],
    };
  }
  const detection = await detectConfig(read);
  return {
    config: detection.config,
    source: 'detected',
    notes: [`no ${configPath}: zero-config`, ...detection.notes],
  };
}
