import { createHash, hash } from "node:crypto";

// RFC 9162 §2.1.1 Merkle Tree Hash over SHA-256: leaves are hashed with a 0x00 prefix, interior nodes with 0x01,
// so a leaf can never be passed off as a node (second-preimage protection).
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** Length of a SHA-256 hash in bytes. */
export const HASH_BYTES = 32;

/** RFC 9162 hash of the empty tree: SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT: Buffer = createHash("sha256").digest();

// One-shot hashing of a prefixed copy is about twice as fast as a Hash object per leaf; the verifier hashes every
// receipt and about as many nodes. Lines longer than the scratch buffer take the Hash object.
const scratch = Buffer.alloc(64 * 1024);

/** RFC 9162 leaf hash: `SHA-256(0x00 || data)`. */
export function leafHash(data: Uint8Array | string): Buffer {
  if (typeof data !== "string" && data.length < scratch.length) {
    scratch[0] = 0x00;
    scratch.set(data, 1);
    return hash("sha256", scratch.subarray(0, data.length + 1), "buffer");
  }
  return createHash("sha256").update(LEAF_PREFIX).update(data).digest();
}

/** RFC 9162 interior node hash: `SHA-256(0x01 || left || right)`. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length + right.length < scratch.length) {
    scratch[0] = 0x01;
    scratch.set(left, 1);
    scratch.set(right, 1 + left.length);
    return hash("sha256", scratch.subarray(0, 1 + left.length + right.length), "buffer");
  }
  return createHash("sha256").update(NODE_PREFIX).update(left).update(right).digest();
}

/**
 * Streaming RFC 9162 tree head: keeps only the roots of the perfect subtrees the leaves so far form (one per set
 * bit of the size, at most 64), so memory is O(log n) however many leaves are appended.
 */
export class MerkleAccumulator {
  /** Roots of the perfect subtrees, largest (leftmost) first. */
  private readonly peaks: Buffer[] = [];
  private count = 0;

  /** Number of leaves appended. */
  get size(): number {
    return this.count;
  }

  /** Appends a leaf by its {@link leafHash}. */
  appendLeafHash(hash: Buffer): void {
    let carry = hash;
    // Merge equal-sized subtrees, as binary addition of 1 to the size carries through its trailing ones.
    for (let n = this.count; n & 1; n >>>= 1) carry = nodeHash(this.peaks.pop() as Buffer, carry);
    this.peaks.push(carry);
    this.count += 1;
  }

  /**
   * The RFC 9162 root of the leaves so far. The tree splits at the largest power of two below the size, so the
   * root folds the peaks from the right: `H(p0 || H(p1 || ... p_k))`.
   */
  root(): Buffer {
    if (this.peaks.length === 0) return EMPTY_TREE_ROOT;
    let root = this.peaks[this.peaks.length - 1];
    for (let i = this.peaks.length - 2; i >= 0; i--) root = nodeHash(this.peaks[i], root);
    return root;
  }
}

/** RFC 9162 root of a list of leaf hashes, computed the recursive way of the RFC (for tests and small trees). */
export function merkleRoot(leafHashes: readonly Buffer[]): Buffer {
  if (leafHashes.length === 0) return EMPTY_TREE_ROOT;
  if (leafHashes.length === 1) return leafHashes[0];
  let k = 1;
  while (k * 2 < leafHashes.length) k *= 2;
  return nodeHash(merkleRoot(leafHashes.slice(0, k)), merkleRoot(leafHashes.slice(k)));
}
