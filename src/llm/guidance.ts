// Repository guidance for the LLM: AGENTS.md and `llm.instructions` of the config, as they are on the
// base branch. Never from the PR head: a PR must not be able to rewrite the reviewer's instructions.

/** Guidance is a briefing, not a manual: longer text is cut (and the cut is said). */
export const GUIDANCE_MAX_CHARS = 8000;

export interface Guidance {
  instructions: string;
  /** Where it came from, e.g. `AGENTS.md`, `.github/kilo.yml llm.instructions`. */
  sources: string[];
  notes: string[];
}

export async function loadGuidance(
  readBaseFile: (path: string) => Promise<string | undefined>,
  configPath: string,
): Promise<Guidance> {
  const parts: Array<{ source: string; text: string }> = [];
  const notes: string[] = [];
  const agents = await readBaseFile('AGENTS.md');
  if (agents?.trim()) parts.push({ source: 'AGENTS.md', text: agents.trim() });
  const config = await readBaseFile(configPath);
  const configured = config === undefined ? undefined : await instructionsOf(config);
  if (configured === null) notes.push(`${configPath} on the base branch does not parse: no llm.instructions`);
  else if (configured?.trim()) {
    parts.push({ source: `${configPath} llm.instructions`, text: configured.trim() });
  }
  let instructions = parts.map((part) => `From ${part.source}:\n${part.text}`).join('\n\n');
  if (instructions.length > GUIDANCE_MAX_CHARS) {
    notes.push(`repository guidance cut to ${GUIDANCE_MAX_CHARS} characters`);
    instructions = instructions.slice(0, GUIDANCE_MAX_CHARS);
  }
  return { instructions, sources: parts.map((part) => part.source), notes };
}

/** The string at llm.instructions; undefined when there is none, null when the YAML does not parse. */
async function instructionsOf(yaml: string): Promise<string | undefined | null> {
  // The YAML parser is a lazy chunk (a run without a config file never loads it).
  const { parse } = await import('yaml');
  try {
    const doc: unknown = parse(yaml);
    const llm = (doc as { llm?: { instructions?: unknown } } | null)?.llm;
    return typeof llm?.instructions === 'string' ? llm.instructions : undefined;
  } catch {
    return null;
  }
}
