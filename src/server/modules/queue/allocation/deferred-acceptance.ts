import { type Instance, priorityKey, type Seat } from './instance.ts';

/**
 * Student-proposing deferred acceptance (`allocation.md` §3.3). Each application proposes to its
 * candidate seats in order; a full seat keeps the strongest keys and releases the weakest holder, who
 * proposes on. Keys are strict, so the outcome is the unique child-optimal stable matching whatever
 * the order in which free applications are taken; the canonical order only makes runs reproducible.
 *
 * Returns, per application, the seat it holds or −1, and per seat its holders' keys as a max-heap.
 */
export function deferredAcceptance(inst: Instance): {
  seatOf: Int32Array;
  held: number[][];
  proposals: number;
} {
  const n = inst.apps.length;
  const seatOf = new Int32Array(n).fill(-1);
  const next = new Int32Array(n);
  const held: number[][] = inst.seats.map(() => []);
  const free: number[] = [];
  for (let a = n - 1; a >= 0; a--) free.push(a); // popped in canonical order
  let proposals = 0;
  while (free.length > 0) {
    const a = free.pop() as number;
    const cand = inst.candidates[a] as number[];
    while ((next[a] as number) < cand.length) {
      const seat = cand[next[a] as number] as number;
      next[a] = (next[a] as number) + 1;
      proposals++;
      const heap = held[seat] as number[];
      const key = priorityKey(inst, a, seat);
      if (heap.length < (inst.seats[seat] as Seat).capacity) {
        heapPush(heap, key);
        seatOf[a] = seat;
        break;
      }
      if (heap.length > 0 && key < (heap[0] as number)) {
        const weakest = heapReplaceTop(heap, key);
        const w = weakest % n;
        seatOf[w] = -1;
        free.push(w);
        seatOf[a] = seat;
        break;
      }
    }
  }
  return { seatOf, held, proposals };
}

function heapPush(heap: number[], key: number): void {
  heap.push(key);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as number) >= key) break;
    heap[i] = heap[parent] as number;
    i = parent;
  }
  heap[i] = key;
}

/** Replaces the largest key (the weakest holder) by `key`; returns the one replaced. */
function heapReplaceTop(heap: number[], key: number): number {
  const top = heap[0] as number;
  const size = heap.length;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    const c = r < size && (heap[r] as number) > (heap[l] as number) ? r : l;
    if ((heap[c] as number) <= key) break;
    heap[i] = heap[c] as number;
    i = c;
  }
  heap[i] = key;
  return top;
}
