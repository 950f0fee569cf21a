import { createReadStream } from "node:fs";

/** One line of a file: its bytes without the newline, and its 1-based number. */
export interface FileLine {
  /** The line's bytes, newline excluded. */
  bytes: Buffer;
  /** 1-based line number. */
  number: number;
  /** False for a last line without a newline (a cut file or an interrupted write). */
  complete: boolean;
}

/** Read size of {@link readLines}: big enough that a 100,000-line day takes a few dozen reads. */
const CHUNK_BYTES = 1 << 20;

/**
 * Yields a file's lines, a chunk's worth at a time (one promise per chunk, not per line). Memory holds one chunk
 * and one partial line, however large the file. A last line without a newline is yielded too, `complete: false`.
 */
export async function* readLineBatches(path: string): AsyncGenerator<FileLine[]> {
  let rest: Buffer | undefined;
  let number = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    const data = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
    const batch: FileLine[] = [];
    let start = 0;
    for (let end = data.indexOf(0x0a, start); end >= 0; end = data.indexOf(0x0a, start)) {
      number += 1;
      batch.push({ bytes: data.subarray(start, end), number, complete: true });
      start = end + 1;
    }
    if (batch.length > 0) yield batch;
    // Copy the tail so the chunk it came from can be collected.
    rest = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
  }
  if (rest !== undefined) yield [{ bytes: rest, number: number + 1, complete: false }];
}

/** Yields a file's lines one at a time (see {@link readLineBatches}). */
export async function* readLines(path: string): AsyncGenerator<FileLine> {
  for await (const batch of readLineBatches(path)) yield* batch;
}
