/**
 * The days on which some machine of a run has a timed transition due: one
 * bucket per day of the horizon, each a linked list of machines. Why: with
 * many machines, finding the next day anything can happen and the machines
 * due on it by scanning every machine made a run cost days × machines; the
 * calendar makes it cost the days plus the schedulings. Entries are never
 * removed: a machine rescheduled to another day leaves a stale entry, which
 * is skipped because its machine's `nextDue` no longer names that day.
 * Mutable; one per scratch, reset per run.
 * @module
 */

/** Buckets of machines by due day. */
export class Calendar {
  /** Per day 0 … H: the first entry of its bucket (-1: empty). */
  private readonly head: Int32Array;
  /** Per entry: its machine and the next entry of its bucket. */
  private machine: Int32Array;
  private link: Int32Array;
  private used = 0;

  /** A calendar for days 0 … `days` (the horizon). */
  constructor(private readonly days: number) {
    this.head = new Int32Array(days + 1).fill(-1);
    this.machine = new Int32Array(256);
    this.link = new Int32Array(256);
  }

  /** Empties it, in O(days). */
  reset(): void {
    this.head.fill(-1);
    this.used = 0;
  }

  /** Files machine `m` under `day` (ignored past the horizon, or not a whole day). */
  push(day: number, m: number): void {
    if (!(day >= 0 && day <= this.days)) return;
    if (this.used >= this.machine.length) this.grow();
    const e = this.used++;
    this.machine[e] = m;
    this.link[e] = this.head[day] ?? -1;
    this.head[day] = e;
  }

  /** The first day from `from` on with a machine whose `nextDue` is that day, or Infinity. */
  next(from: number, nextDue: Float64Array): number {
    for (let d = Math.max(0, from); d <= this.days; d++) {
      for (let e = this.head[d] ?? -1; e >= 0; e = this.link[e] ?? -1) {
        if (nextDue[this.machine[e] ?? 0] === d) return d;
      }
    }
    return Infinity;
  }

  /**
   * Writes into `out` the machines due on `day` (their `nextDue` is `day`),
   * each once, in increasing order (the order in which a run draws), and
   * returns how many. `mark` (per machine, all 0) is left all 0.
   */
  due(day: number, nextDue: Float64Array, out: Int32Array, mark: Uint8Array): number {
    let n = 0;
    for (let e = this.head[day] ?? -1; e >= 0; e = this.link[e] ?? -1) {
      const m = this.machine[e] ?? 0;
      if (nextDue[m] !== day || mark[m] === 1) continue;
      mark[m] = 1;
      out[n++] = m;
    }
    for (let i = 0; i < n; i++) mark[out[i] ?? 0] = 0;
    sortPrefix(out, n);
    return n;
  }

  private grow(): void {
    const machine = new Int32Array(this.machine.length * 2);
    machine.set(this.machine);
    this.machine = machine;
    const link = new Int32Array(this.link.length * 2);
    link.set(this.link);
    this.link = link;
  }
}

/** Sorts `a[0 … n-1]` in increasing order: insertion sort, as these lists are short and nearly sorted. */
export function sortPrefix(a: Int32Array, n: number): void {
  if (n > 64) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = a[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (a[j] ?? 0) > x) {
      a[j + 1] = a[j] ?? 0;
      j--;
    }
    a[j + 1] = x;
  }
}
