// The LLM client behind the port: redaction, the policy's switch and token budget, the answer cache,
// retries with backoff, one circuit breaker per client, and a trace event per provider request. The
// AI SDK is imported on the first call, so a run that never asks a model never loads it.
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { CircuitBreaker, type Verdict } from '../util/circuit-breaker.js';
import { backoffDelay } from '../util/backoff.js';
import type { ModelMessage } from 'ai';
import { canonicalJson } from '../util/canonical-json.js';
import { clip } from '../util/text.js';
import {
  attemptError,
  isTransient,
  requestAnswer,
  requestStep,
  type Attempt,
  type AttemptSettings,
  type Sent,
  type Tokens,
} from './attempt.js';
import { cacheKey, type LlmCache } from './cache.js';
import { estimateCostUsd, priceOf, type ModelPrice } from './cost.js';
import { maskKeyFragments, redactDeep } from '../trace/redact.js';
import { createLlmRedactor } from './llm-redactor.js';
import { estimateTokens } from './tokens.js';
import { runToolLoop, type StepResult } from './tool-loop.js';
import type {
  LlmCallContext,
  LlmClient,
  LlmModelId,
  LlmRequest,
  LlmResult,
  LlmStats,
  LlmToolUse,
  LlmUsage,
  ToolLoopReport,
  ToolTotals,
} from './types.js';

export interface LlmClientOptions {
  id: LlmModelId;
  /** The model, or how to create it on the first call that needs it (its errors are thrown). */
  model: LanguageModelV3 | (() => Promise<LanguageModelV3>);
  cache?: LlmCache;
  /** Per provider request; a time-out is retried like a 5xx. */
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  breakerThreshold?: number;
  breakerCooldownMs?: number;
  /** USD per million tokens; defaults to the built-in list price of the model, if any. */
  price?: ModelPrice;
  /** Masks registered secrets; secret-shaped text is masked on top (createLlmRedactor). */
  redact: (text: string) => string;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** How a request ended after its retries, and what the breaker makes of it. */
type Settled = { attempt: Attempt; attempts: number; verdict: Verdict };

const ERROR_CHARS = 200;

export function createLlmClient(options: LlmClientOptions): LlmClient {
  const o = {
    retryBaseMs: 1000,
    retryMaxMs: 30_000,
    breakerThreshold: 3,
    breakerCooldownMs: 60_000,
    now: Date.now,
    random: Math.random,
    sleep: abortableSleep,
    ...options,
  };
  const { id } = o;
  const redact = createLlmRedactor(o.redact);
  const price = o.price ?? priceOf(id);
  const breaker = new CircuitBreaker({
    threshold: o.breakerThreshold,
    cooldownMs: o.breakerCooldownMs,
    now: o.now,
  });
  const totals = { calls: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, failures: 0 };
  const given = o.model;
  const model = once(typeof given === 'function' ? given : () => Promise.resolve(given));
  const sdk = once(() => import('ai'));
  const costOf = (t: Tokens) => (price ? estimateCostUsd(t, price) : undefined);
  const usageOf = (t: Tokens): LlmUsage => ({ ...t, costUsd: costOf(t) });
  const who = { model: id.model, provider: id.provider };
  // A provider may echo a masked fragment of the key (`sk-…****Izy4`): that is masked too.
  const errorFor = (text: string) => clip(maskKeyFragments(redact(text)), ERROR_CHARS);
  let toolTotals: ToolTotals | undefined;

  function traceAttempt(
    context: LlmCallContext,
    purpose: string,
    n: number,
    a: Attempt,
    retry: boolean,
    ms: number,
  ) {
    const used = 'usage' in a ? a.usage : { inputTokens: 0, outputTokens: 0 };
    const error = attemptError(a);
    context.span.event('llm-call', purpose, {
      ...who,
      attempt: n,
      outcome: a.kind === 'ok' || a.kind === 'malformed' ? a.kind : retry ? 'retry' : 'failed',
      ...used,
      costUsd: costOf(used),
      durationMs: ms,
      ...(a.kind === 'api' && a.status !== undefined ? { status: a.status } : {}),
      cached: false,
      ...(error === undefined ? {} : { error: errorFor(error) }),
    });
  }

  /** Tokens really used are counted whatever the budget says; the next call's decision refuses. */
  function charge(context: LlmCallContext, spent: Tokens, used: Tokens): void {
    spent.inputTokens += used.inputTokens;
    spent.outputTokens += used.outputTokens;
    totals.inputTokens += used.inputTokens;
    totals.outputTokens += used.outputTokens;
    const amount = used.inputTokens + used.outputTokens;
    if (amount > 0) context.decide({ kind: 'budget', budget: 'llm-tokens', amount, spent: true });
  }

  function retryDelay(a: Attempt, retry: number): number {
    const asked = a.kind === 'api' ? Math.min(a.retryAfterMs ?? 0, o.retryMaxMs) : 0;
    return Math.max(backoffDelay(retry, o), asked);
  }

  function reasonOf(a: Attempt, schemaName: string, attempts: number): string {
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    if (a.kind === 'malformed')
      return `the answer was not valid JSON for the ${schemaName} schema: ${errorFor(a.detail)}`;
    if (a.kind === 'timeout') return `the LLM provider did not answer within ${o.timeoutMs} ms${tries}`;
    if (a.kind !== 'api') return `the LLM call failed: ${errorFor(attemptError(a) ?? a.kind)}`;
    if (a.status === 401 || a.status === 403)
      return `the LLM provider answered ${a.status}: check llm-api-key`;
    const what = a.status === undefined ? 'could not be reached' : `answered ${a.status}`;
    return `the LLM provider ${what}${tries}: ${errorFor(a.message)}`;
  }

  /** Attempts until an answer, a final failure, or retries run out; and what the breaker makes of it. */
  async function callWithRetries(
    purpose: string,
    ask: (settings: AttemptSettings) => Promise<Attempt>,
    spent: Tokens,
    context: LlmCallContext,
  ): Promise<Settled> {
    const settings = {
      sdk: await sdk(),
      model: await model(),
      timeoutMs: o.timeoutMs,
      signal: context.signal,
    };
    for (let attempt = 1; ; attempt++) {
      if (context.signal.aborted)
        return { attempt: { kind: 'cancelled' }, attempts: attempt, verdict: 'neutral' };
      const started = o.now();
      const a = await ask(settings);
      totals.calls++;
      if ('usage' in a) charge(context, spent, a.usage);
      const retry = isTransient(a) && attempt <= o.maxRetries;
      traceAttempt(context, purpose, attempt, a, retry, o.now() - started);
      // A malformed answer still shows the provider is up.
      if (a.kind === 'ok' || a.kind === 'tool-calls' || a.kind === 'malformed')
        return { attempt: a, attempts: attempt, verdict: 'success' };
      if (a.kind === 'cancelled') return { attempt: a, attempts: attempt, verdict: 'neutral' };
      if (!retry) return { attempt: a, attempts: attempt, verdict: 'failure' };
      try {
        await o.sleep(retryDelay(a, attempt - 1), context.signal);
      } catch {
        return { attempt: { kind: 'cancelled' }, attempts: attempt, verdict: 'neutral' };
      }
    }
  }

  /** One request through the breaker: refused while it is open, and told how the request went. */
  async function admitted(
    purpose: string,
    run: () => Promise<Settled>,
    context: LlmCallContext,
  ): Promise<Settled | { refused: string; rule: string }> {
    const admission = breaker.admit();
    if (admission === 'reject' || admission === 'wait') {
      const rule = 'llm.circuit-breaker';
      context.span.event('llm-call', purpose, { ...who, outcome: 'refused', rule, cached: false });
      const reason = `circuit-open: the LLM provider failed ${breaker.consecutiveFailures} times in a row`;
      return { refused: reason, rule };
    }
    let settled: Settled | undefined;
    try {
      settled = await run();
    } finally {
      // A throw (the model could not be created) says nothing about the provider.
      breaker.record(settled?.verdict ?? 'neutral', admission === 'probe');
    }
    return settled;
  }

  /** A settled request as the caller's result: an answer masked for echoed secrets, or why there is none. */
  function resultOf<T>(
    settled: Settled,
    schemaName: string,
    spent: Tokens,
  ): Exclude<LlmResult<T>, { status: 'refused' }> {
    const a = settled.attempt;
    if (a.kind === 'ok') {
      // The model may echo a secret it was never sent (a guess, a training leak): mask it before anyone
      // (the cache, the reviewer, the renderers) keeps it.
      const value = redactDeep(a.value as T, redact);
      return { status: 'ok', value, usage: usageOf(spent), cached: false };
    }
    if (a.kind === 'cancelled') return failed('cancelled', usageOf(spent), false);
    if (a.kind === 'tool-calls') {
      return failed('the model asked for tools in a request without tools', usageOf(spent), true);
    }
    return failed(reasonOf(a, schemaName, settled.attempts), usageOf(spent), a.kind === 'malformed');
  }

  async function single<T>(request: LlmRequest<T>, sent: Sent, context: LlmCallContext) {
    const spent: Tokens = { inputTokens: 0, outputTokens: 0 };
    const settled = await admitted(
      request.purpose,
      () => callWithRetries(request.purpose, (s) => requestAnswer(request, sent, s), spent, context),
      context,
    );
    if ('refused' in settled) return refused<T>(settled.refused, settled.rule);
    return resultOf<T>(settled, request.schema.name, spent);
  }

  /**
   * The tool loop: each turn is decided by the policy (its tokens estimated from the conversation so
   * far), admitted by the breaker and retried like a single request.
   */
  async function withTools<T>(
    request: LlmRequest<T>,
    sent: Sent,
    use: LlmToolUse,
    toolsText: string,
    context: LlmCallContext,
  ): Promise<LlmResult<T>> {
    const spent: Tokens = { inputTokens: 0, outputTokens: 0 };
    const step = async (
      messages: ModelMessage[],
      mode: 'tools' | 'final',
      turn: number,
    ): Promise<StepResult> => {
      // The first turn was decided by generate(); each later one carries the conversation so far.
      if (turn > 1) {
        const tokens =
          estimateTokens(sent.system + JSON.stringify(messages) + JSON.stringify(request.schema.jsonSchema)) +
          estimateTokens(toolsText) +
          request.maxOutputTokens;
        const decision = context.decide({ kind: 'llm-call', purpose: request.purpose, tokens });
        if (!decision.allow) return { kind: 'refused', reason: decision.reason, rule: decision.rule };
      }
      const settings = { system: sent.system, messages, tools: use.toolbox.definitions, mode };
      const settled = await admitted(
        `${request.purpose}-turn-${turn}`,
        () => callWithRetries(request.purpose, (s) => requestStep(request, settings, s), spent, context),
        context,
      );
      if ('refused' in settled) return { kind: 'refused', reason: settled.refused, rule: settled.rule };
      const a = settled.attempt;
      if (a.kind === 'tool-calls') return { kind: 'tools', calls: a.calls, assistant: a.assistant };
      const result = resultOf<T>(settled, request.schema.name, spent);
      return result.status === 'ok'
        ? { kind: 'answer', value: result.value }
        : { kind: 'failed', reason: result.reason, malformed: result.malformed };
    };
    const { result, report } = await runToolLoop({
      prompt: sent.prompt,
      use,
      step,
      redact,
      span: context.span,
      now: o.now,
    });
    addToolTotals(report);
    // The answer is the value resultOf() made (schema-checked, masked) for this request's T.
    if (result.kind === 'answer')
      return { status: 'ok', value: result.value as T, usage: usageOf(spent), cached: false, loop: report };
    // A turn the policy or the breaker refused: no answer, and the tools it read are reported.
    if (result.kind === 'refused') return { ...refused<T>(result.reason, result.rule), loop: report };
    return { ...failed<T>(result.reason, usageOf(spent), result.malformed), loop: report };
  }

  function addToolTotals(report: ToolLoopReport): void {
    toolTotals ??= { calls: [], stopped: {} };
    toolTotals.calls.push(...report.calls);
    if (report.stoppedBy !== undefined)
      toolTotals.stopped[report.stoppedBy] = (toolTotals.stopped[report.stoppedBy] ?? 0) + 1;
  }

  async function fromCache<T>(request: LlmRequest<T>, key: string, context: LlmCallContext) {
    const hit = await swallow(() => o.cache?.get(key));
    const check = hit === undefined ? undefined : request.schema.parse(hit.value);
    if (!check?.ok) return undefined;
    totals.cacheHits++;
    const usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
    context.span.event('llm-call', request.purpose, { ...who, outcome: 'ok', cached: true, ...usage });
    return { status: 'ok' as const, value: check.value, usage, cached: true };
  }

  async function toCache(key: string, value: unknown, usage: LlmUsage): Promise<void> {
    const { inputTokens, outputTokens } = usage;
    const answer = { value, usage: { inputTokens, outputTokens }, createdAt: new Date().toISOString() };
    await swallow(() => o.cache?.set(key, answer));
  }

  return {
    id,
    async generate<T>(request: LlmRequest<T>, context: LlmCallContext): Promise<LlmResult<T>> {
      const sent: Sent = { system: redact(request.system), prompt: redact(request.prompt) };
      const { name: schemaName, jsonSchema } = request.schema;
      const use = request.tools;
      const toolsText = use === undefined ? '' : JSON.stringify(use.toolbox.definitions);
      const tokens =
        estimateTokens(sent.system + sent.prompt + JSON.stringify(jsonSchema) + toolsText) +
        request.maxOutputTokens;
      // The first request's decision; a tool loop asks again before each of its turns.
      const decision = context.decide({ kind: 'llm-call', purpose: request.purpose, tokens });
      if (!decision.allow) return refused<T>(decision.reason, decision.rule);

      const key = cacheKey(id, {
        schemaName,
        jsonSchema,
        ...sent,
        maxOutputTokens: request.maxOutputTokens,
        ...(use === undefined ? {} : { tools: toolsKey(use) }),
      });
      const hit = await fromCache(request, key, context);
      if (hit) return hit;

      const result =
        use === undefined
          ? await single(request, sent, context)
          : await withTools(request, sent, use, toolsText, context);
      if (result.status === 'failed') totals.failures++;
      if (result.status === 'ok') await toCache(key, result.value, result.usage);
      return result;
    },
    stats(): LlmStats {
      return { ...totals, costUsd: costOf(totals), ...(toolTotals ? { tools: toolTotals } : {}) };
    },
    redact,
  };
}

/** The tools' part of the cache key: what they are, how far they may go, and what they read. */
function toolsKey(use: LlmToolUse): string {
  const { deadline: _deadline, ...bounds } = use.bounds;
  return canonicalJson({ definitions: use.toolbox.definitions, bounds, reads: use.key });
}

function refused<T>(reason: string, rule: string): LlmResult<T> {
  return { status: 'refused', reason, rule };
}

function failed<T>(
  reason: string,
  usage: LlmUsage,
  malformed: boolean,
): Extract<LlmResult<T>, { status: 'failed' }> {
  return { status: 'failed', reason, usage, malformed };
}

/** A cache failure must never fail a review: it is a miss, or an answer not kept. */
async function swallow<T>(fn: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await fn();
  } catch {
    return undefined;
  }
}

/** Memoized async factory: one model and one SDK import per client. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
