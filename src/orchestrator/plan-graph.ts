// The plan's dependency bookkeeping for one run: which subtasks are waiting, which may start, and in
// what order. Memory is a few numbers per subtask, so a 10,000-subtask plan costs little before
// anything is queued; eligible subtasks are found lazily, lowest plan index first.
import type { Subtask } from '../plan/types.js';

const State = { Waiting: 0, Queued: 1, Running: 2, Done: 3 } as const;

export interface PlanProblem {
  index: number;
  reason: string;
}

export class PlanGraph {
  readonly size: number;
  private readonly state: Uint8Array;
  /** Dependencies (dependsOn and after) of each subtask not yet finished. */
  private readonly pending: Int32Array;
  private readonly dependentsOf: Array<number[] | undefined>;
  /** Subtasks that wait for this one to finish, however it ends (their `after`). */
  private readonly followersOf: Array<number[] | undefined>;
  private readonly problems: PlanProblem[] = [];
  /** Subtasks before this index that were waiting when it passed are found through `released`. */
  private cursor = 0;
  private readonly released = new MinHeap();

  constructor(subtasks: readonly Subtask[]) {
    this.size = subtasks.length;
    this.state = new Uint8Array(this.size);
    this.pending = new Int32Array(this.size);
    this.dependentsOf = new Array<number[] | undefined>(this.size);
    this.followersOf = new Array<number[] | undefined>(this.size);
    const indexById = new Map<string, number>();
    subtasks.forEach((subtask, index) => {
      if (!indexById.has(subtask.id)) indexById.set(subtask.id, index);
    });
    subtasks.forEach((subtask, index) => {
      if (indexById.get(subtask.id) !== index) {
        this.problems.push({ index, reason: `duplicate subtask id ${subtask.id}` });
        return;
      }
      const links = [
        ...subtask.dependsOn.map((id) => ({ id, edges: this.dependentsOf })),
        ...(subtask.after ?? []).map((id) => ({ id, edges: this.followersOf })),
      ];
      const missing = links.find(({ id }) => !indexById.has(id));
      if (missing) {
        this.problems.push({ index, reason: `dependency ${missing.id} missing` });
        return;
      }
      for (const { id, edges } of links) {
        this.pending[index]!++;
        (edges[indexById.get(id)!] ??= []).push(index);
      }
    });
  }

  /** Subtasks that can never run, known before anything starts, in plan order. */
  knownProblems(): readonly PlanProblem[] {
    return this.problems;
  }

  dependents(index: number): readonly number[] {
    return this.dependentsOf[index] ?? [];
  }

  /** Neither finished nor started nor queued. */
  isWaiting(index: number): boolean {
    return this.state[index] === State.Waiting;
  }

  isQueued(index: number): boolean {
    return this.state[index] === State.Queued;
  }

  /** The lowest-index waiting subtask whose dependencies all finished ok, now marked queued. */
  takeEligible(): number | undefined {
    while (this.released.size > 0 && !this.isEligible(this.released.peek()!)) this.released.pop();
    while (this.cursor < this.size && !this.isEligible(this.cursor)) this.cursor++;
    const fromHeap = this.released.peek();
    let index: number | undefined;
    if (fromHeap !== undefined && fromHeap < this.cursor) index = this.released.pop();
    else if (this.cursor < this.size) index = this.cursor++;
    if (index !== undefined) this.state[index] = State.Queued;
    return index;
  }

  markRunning(index: number): void {
    this.state[index] = State.Running;
  }

  /**
   * Records a decided subtask: its followers may become eligible, and when it ended ok its dependents
   * too (when it did not, the scheduler skips them).
   */
  markDone(index: number, ok: boolean): void {
    this.state[index] = State.Done;
    for (const follower of this.followersOf[index] ?? []) this.release(follower);
    if (!ok) return;
    for (const dependent of this.dependents(index)) this.release(dependent);
  }

  private release(index: number): void {
    if (--this.pending[index]! === 0 && index < this.cursor && this.isWaiting(index)) {
      this.released.push(index);
    }
  }

  private isEligible(index: number): boolean {
    return this.state[index] === State.Waiting && this.pending[index] === 0;
  }
}

/** A binary min-heap of plan indices. */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): number | undefined {
    return this.items[0];
  }

  push(value: number): void {
    const items = this.items;
    items.push(value);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      items[parent] = value;
      i = parent;
    }
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && items[left]! < items[smallest]!) smallest = left;
      if (right < items.length && items[right]! < items[smallest]!) smallest = right;
      if (smallest === i) break;
      [items[i], items[smallest]] = [items[smallest]!, items[i]!];
      i = smallest;
    }
    return top;
  }
}
