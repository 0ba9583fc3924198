// One Node version for the action: .node-version, matching action.yml's runtime, used by every
// workflow's setup-node; the one other version a workflow may name is package.json's engines minimum.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

const read = (path: string) => readFileSync(path, 'utf8');
const nodeVersion = read('.node-version').trim();
const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
const workflows = readdirSync('.github/workflows').filter((name) => name.endsWith('.yml'));

function setupNodeSteps(file: string): Step[] {
  const workflow = parse(read(join('.github/workflows', file))) as {
    jobs: Record<string, { steps?: Step[] }>;
  };
  return Object.values(workflow.jobs).flatMap((job) =>
    (job.steps ?? []).filter((step) => step.uses?.startsWith('actions/setup-node@')),
  );
}

describe('.node-version', () => {
  it("is action.yml's runtime", () => {
    const action = parse(read('action.yml')) as { runs: { using: string } };
    expect(action.runs.using).toBe(`node${nodeVersion}`);
  });

  it.each(workflows)('%s sets up Node from .node-version (or the engines minimum)', (file) => {
    const steps = setupNodeSteps(file);
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      if (step.with?.['node-version'] !== undefined) {
        expect(`>=${String(step.with['node-version'])}`).toBe(engines);
      } else {
        expect(step.with?.['node-version-file']).toBe('.node-version');
      }
    }
  });

  it('leaves the engines minimum to one job only', () => {
    const pinned = workflows.flatMap((file) =>
      setupNodeSteps(file).filter((step) => step.with?.['node-version'] !== undefined),
    );
    expect(pinned).toHaveLength(1);
  });
});
