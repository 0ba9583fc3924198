import { describe, expect, it } from '@jest/globals';
import { GUIDANCE_MAX_CHARS, loadGuidance } from '../../src/llm/guidance.js';

const reader = (files: Record<string, string>) => (path: string) => Promise.resolve(files[path]);

describe('loadGuidance', () => {
  it('joins AGENTS.md and llm.instructions of the base config, naming each source', async () => {
    const guidance = await loadGuidance(
      reader({
        'AGENTS.md': '# Conventions\nUse tabs.\n',
        '.github/kilo.yml': 'llm:\n  instructions: Money is in integer cents.\n',
      }),
      '.github/kilo.yml',
    );
    expect(guidance.instructions).toBe(
      'From AGENTS.md:\n# Conventions\nUse tabs.\n\nFrom .github/kilo.yml llm.instructions:\nMoney is in integer cents.',
    );
    expect(guidance.sources).toEqual(['AGENTS.md', '.github/kilo.yml llm.instructions']);
    expect(guidance.notes).toEqual([]);
  });

  it('is empty when the base branch has neither', async () => {
    const guidance = await loadGuidance(reader({ '.github/kilo.yml': 'policy: {}\n' }), '.github/kilo.yml');
    expect(guidance).toEqual({ instructions: '', sources: [], notes: [] });
  });

  it('reads the config path it is given, and says when that config does not parse', async () => {
    const guidance = await loadGuidance(
      reader({ 'ci/kilo.yml': 'llm: [unclosed', 'AGENTS.md': 'Be brief.' }),
      'ci/kilo.yml',
    );
    expect(guidance.sources).toEqual(['AGENTS.md']);
    expect(guidance.notes).toEqual(['ci/kilo.yml on the base branch does not parse: no llm.instructions']);
  });

  it('ignores instructions that are not a string', async () => {
    const guidance = await loadGuidance(reader({ 'k.yml': 'llm:\n  instructions: [a, b]\n' }), 'k.yml');
    expect(guidance.instructions).toBe('');
  });

  it('cuts long guidance and says so', async () => {
    const guidance = await loadGuidance(reader({ 'AGENTS.md': 'x'.repeat(GUIDANCE_MAX_CHARS * 2) }), 'k.yml');
    expect(guidance.instructions).toHaveLength(GUIDANCE_MAX_CHARS);
    expect(guidance.notes).toEqual([`repository guidance cut to ${GUIDANCE_MAX_CHARS} characters`]);
  });
});
