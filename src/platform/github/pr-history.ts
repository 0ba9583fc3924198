// What earlier reviews left on a PR, read for the finding ledger: our review threads (GraphQL) and the
// last sticky summary's hidden ledger (the publisher's one look-up of that comment). The threads are
// not read when the PR's counts say it has no review comment, so a first review costs no request here. Never throws: a failed read is a note.
import type { ReviewHistory } from '../../findings/ledger.js';
import { parseLedgerState } from '../../report/ledger-state.js';
import { fingerprintMarker } from '../../report/post-plan.js';
import { getErrorMessage } from '../../util/errors.js';
import type { GitHubClient } from './octokit.js';
import { listReviewThreads } from './review-threads.js';

export interface PrHistoryRead {
  history: ReviewHistory;
  /** Our fingerprint markers on the PR (from the threads); undefined when they could not all be read. */
  markers?: Set<string>;
}

export async function readPrHistory(
  octokit: GitHubClient,
  pr: { owner: string; repo: string; number: number },
  counts: { comments: number; reviewComments: number } | undefined,
  findSticky: () => Promise<{ id: number; body: string } | undefined>,
): Promise<PrHistoryRead> {
  const notes: string[] = [];
  const read: PrHistoryRead = { history: { threads: [], notes } };
  if (counts?.reviewComments !== 0) {
    try {
      const { threads, partial } = await listReviewThreads(octokit, pr);
      read.history.threads = threads;
      if (partial) notes.push('the PR has more review threads than are read: some findings may show as new');
      else read.markers = new Set(threads.flatMap((t) => t.fingerprints.map(fingerprintMarker)));
    } catch (error) {
      read.history.threadsUnknown = true;
      notes.push(
        `could not read the PR's review threads (${firstLine(error)}): no thread is resolved, and findings people dismissed may show again`,
      );
    }
  } else {
    read.markers = new Set();
  }
  try {
    const sticky = await findSticky();
    const prior = sticky === undefined ? undefined : parseLedgerState(sticky.body);
    if (prior) read.history.prior = prior;
  } catch (error) {
    notes.push(`could not read the last summary comment (${firstLine(error)}): findings may show as new`);
  }
  return read;
}

function firstLine(error: unknown): string {
  return getErrorMessage(error).split('\n')[0] ?? 'error';
}
