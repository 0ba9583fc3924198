// In-memory platform for tests: a fixed PR context and config files in, every publish recorded.
import type { PrContext } from '../../context/types.js';
import type { PostPlan, ReviewReport } from '../../report/types.js';
import type { ContextLoad, Platform, PublishResult } from '../port.js';

export interface FakePlatform extends Platform {
  readonly published: Array<{ post: PostPlan; report: ReviewReport; dryRun: boolean }>;
}

export interface FakePlatformOptions {
  context: PrContext | { skipped: string };
  workspace: string;
  /** Trusted files by path (the config); anything else reads as absent. */
  files?: Record<string, string>;
}

export function createFakePlatform(options: FakePlatformOptions): FakePlatform {
  const published: FakePlatform['published'] = [];
  return {
    name: 'fake',
    workspace: options.workspace,
    published,
    async loadContext(): Promise<ContextLoad> {
      if ('skipped' in options.context) return { status: 'skipped', reason: options.context.skipped };
      return { status: 'ready', context: options.context };
    },
    async readTrustedFile(path: string) {
      return options.files?.[path];
    },
    async publish(post: PostPlan, report: ReviewReport, { dryRun }): Promise<PublishResult> {
      published.push({ post, report, dryRun });
      return { channels: ['fake'], notes: [] };
    },
  };
}
