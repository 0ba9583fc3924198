// The parts of a GitHub Actions workflow file that workflow-security checks, with 1-based line numbers:
// triggers, `permissions` values, and each job's steps (`uses`, `with`, `run`). Read from the YAML
// document tree, never converted to JS, so aliases are not expanded. Invalid YAML → undefined.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';

/** A string value and where it starts. */
export interface Located {
  value: string;
  line: number;
}

/** One `${{ … }}` expression inside a value, by its text between the braces (trimmed). */
export interface Expression {
  text: string;
  line: number;
}

/** A string scalar with the expressions written in it, each on its own line. */
export interface ScalarValue extends Located {
  expressions: Expression[];
}

export interface WorkflowStep {
  uses?: Located;
  with: Map<string, ScalarValue>;
  run?: ScalarValue;
}

export interface WorkflowJob {
  id: string;
  permissions?: Located;
  steps: WorkflowStep[];
}

export interface Workflow {
  /** The line of the `on:` key. */
  onLine?: number;
  /** Trigger names (`on: x`, `on: [x, y]` or `on: { x: … }`) and their lines. */
  triggers: Located[];
  permissions?: Located;
  jobs: WorkflowJob[];
  /** The source line at a line number (1-based), for fingerprints. */
  lineText(line: number): string;
}

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

export function parseWorkflow(source: string): Workflow | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  const lines = source.split(/\r?\n/);
  const root = document.contents;

  const scalarAt = (node: unknown): ScalarValue | undefined => {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
    const [start, end] = node.range;
    // Expressions are found in the source text, not the parsed value, so each keeps its own line.
    const expressions = [...source.slice(start, end).matchAll(EXPRESSION)].map((m) => ({
      text: (m[1] ?? '').trim(),
      line: lineOf(start + m.index),
    }));
    return { value: node.value, line: lineOf(start), expressions };
  };

  const onPair = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'on');
  const onKey = onPair?.key as Node | undefined;
  return {
    onLine: onKey?.range ? lineOf(onKey.range[0]) : undefined,
    triggers: triggersOf(onPair?.value, scalarAt),
    permissions: scalarAt(root.get('permissions', true)),
    jobs: jobsOf(root.get('jobs', true), scalarAt),
    lineText: (line) => lines[line - 1] ?? '',
  };
}

type ScalarReader = (node: unknown) => ScalarValue | undefined;

function triggersOf(on: unknown, scalarAt: ScalarReader): Located[] {
  if (isSeq(on)) return on.items.flatMap((item) => located(scalarAt(item)));
  if (isMap(on)) return on.items.flatMap((pair) => located(scalarAt(pair.key)));
  return located(scalarAt(on));
}

function jobsOf(jobs: unknown, scalarAt: ScalarReader): WorkflowJob[] {
  if (!isMap(jobs)) return [];
  return jobs.items.flatMap((pair) => {
    const id = scalarAt(pair.key)?.value;
    if (id === undefined || !isMap(pair.value)) return [];
    const job = pair.value;
    const steps = job.get('steps', true);
    return [
      {
        id,
        permissions: scalarAt(job.get('permissions', true)),
        steps: isSeq(steps)
          ? steps.items.flatMap((step) => (isMap(step) ? [stepOf(step, scalarAt)] : []))
          : [],
      },
    ];
  });
}

function stepOf(step: YAMLMap, scalarAt: ScalarReader): WorkflowStep {
  const inputs = new Map<string, ScalarValue>();
  const withNode = step.get('with', true);
  if (isMap(withNode)) {
    for (const pair of withNode.items) {
      const key = scalarAt(pair.key)?.value;
      const value = scalarAt(pair.value);
      if (key !== undefined && value !== undefined) inputs.set(key, value);
    }
  }
  return { uses: scalarAt(step.get('uses', true)), with: inputs, run: scalarAt(step.get('run', true)) };
}

function located(value: ScalarValue | undefined): Located[] {
  return value === undefined ? [] : [{ value: value.value, line: value.line }];
}
