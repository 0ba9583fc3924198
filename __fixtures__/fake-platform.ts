// In-memory platform for tests, the complete fake of the pipeline's port (src/pipeline/port.ts): a fixed
// PR context and config files in, every call recorded.
import type { PrContext } from '../src/context/types.js';
import type { Plan } from '../src/plan/types.js';
import type { PostPlan, ReviewReport } from '../src/report/types.js';
import type { ContextLoad, Platform, PostOptions, PublishResult } from '../src/pipeline/port.js';

type Recorded = Omit<PostOptions, 'span'>;

export interface FakePlatform extends Platform {
  readonly begun: Array<{ plan: Plan } & Recorded>;
  readonly published: Array<{ post: PostPlan; report: ReviewReport } & Recorded>;
  readonly failures: Array<{ message: string } & Recorded>;
  /** Every progress report, in order: `[done, total]`. */
  readonly progressed: Array<[number, number]>;
}

export interface FakePlatformOptions {
  context: PrContext | { skipped: string };
  workspace: string;
  /** Trusted files by path (the config); anything else reads as absent. */
  files?: Record<string, string>;
  /** Files of the base commit by path (repository guidance); anything else reads as absent. */
  baseFiles?: Record<string, string>;
}

export function createFakePlatform(options: FakePlatformOptions): FakePlatform {
  const begun: FakePlatform['begun'] = [];
  const published: FakePlatform['published'] = [];
  const failures: FakePlatform['failures'] = [];
  const progressed: FakePlatform['progressed'] = [];
  const record = ({ dryRun, allowed }: PostOptions): Recorded => ({ dryRun, allowed });
  return {
    name: 'fake',
    workspace: options.workspace,
    begun,
    published,
    failures,
    progressed,
    async loadContext(): Promise<ContextLoad> {
      if ('skipped' in options.context) return { status: 'skipped', reason: options.context.skipped };
      return { status: 'ready', context: options.context };
    },
    async readTrustedFile(path: string) {
      return options.files?.[path];
    },
    async readBaseFile(path: string) {
      return options.baseFiles?.[path];
    },
    async begin(plan, _context, postOptions) {
      begun.push({ plan, ...record(postOptions) });
    },
    progress(done, total) {
      progressed.push([done, total]);
    },
    async publish(post, report, postOptions): Promise<PublishResult> {
      published.push({ post, report, ...record(postOptions) });
      return { channels: ['fake'], notes: [] };
    },
    async fail(message, _context, postOptions) {
      failures.push({ message, ...record(postOptions) });
    },
  };
}
