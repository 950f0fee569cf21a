// A program constructs its whole fleet before any registration completes, so a large plan's live heap peaks while
// it runs, and V8 lets the heap grow to a multiple of that before collecting: at 5,000 agents over a gigabyte of
// garbage was still there while the policies and writers allocated on top. Plans grow the heap more slowly while the
// program runs and collect once it has settled.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Heap growth while the program runs: each full collection lets the heap grow by a quarter of its live size (V8 picks up to 4x). */
const PROGRAM_HEAP_GROWING_PERCENT = 25;

let collect: (() => void) | undefined;

/** V8's full collection, exposed once for this process (`--expose-gc` is read when a context is created). */
function fullGc(): void {
  if (!collect) {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect();
}

/**
 * Runs `program` with slower heap growth, restores V8's own heuristics after it and, when it succeeded, collects
 * the garbage it left behind at once (a failed program's plan ends here anyway).
 */
export async function withProgramHeap<T>(program: () => Promise<T>): Promise<T> {
  setFlagsFromString(`--heap-growing-percent=${PROGRAM_HEAP_GROWING_PERCENT}`);
  let result: T;
  try {
    result = await program();
  } finally {
    // 0 is V8's default: growth chosen from the measured GC speed.
    setFlagsFromString("--heap-growing-percent=0");
  }
  fullGc();
  return result;
}
