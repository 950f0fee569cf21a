import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EMPTY_TREE_ROOT, MerkleAccumulator, leafHash, merkleRoot, nodeHash } from "../../../components/receipts";

// RFC 6962/9162 reference leaves and the root of each tree size 1..8, as published in transparency-dev/merkle
// (testonly/constants.go) and Certificate Transparency's tests.
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map((h) =>
  Buffer.from(h, "hex"),
);
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

describe("RFC 9162 tree hashing", () => {
  it("hashes the empty tree as SHA-256 of nothing", () => {
    expect(EMPTY_TREE_ROOT.toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(new MerkleAccumulator().root()).toEqual(EMPTY_TREE_ROOT);
  });

  it("matches the reference root of every size 1..8, streamed and recursive", () => {
    const tree = new MerkleAccumulator();
    LEAVES.forEach((leaf, i) => {
      tree.appendLeafHash(leafHash(leaf));
      expect(tree.size).toBe(i + 1);
      expect(tree.root().toString("hex")).toBe(ROOTS[i]);
      expect(merkleRoot(LEAVES.slice(0, i + 1).map((l) => leafHash(l))).toString("hex")).toBe(ROOTS[i]);
    });
  });

  it("separates leaves from nodes with the 0x00 and 0x01 prefixes", () => {
    const [a, b] = [leafHash(LEAVES[0]), leafHash(LEAVES[1])];
    expect(nodeHash(a, b).toString("hex")).toBe(ROOTS[1]);
    expect(leafHash(Buffer.concat([a, b]))).not.toEqual(nodeHash(a, b));
  });

  it("the streamed root equals the RFC's recursive definition for any number of leaves", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 70 }), (leaves) => {
        const hashes = leaves.map((l) => leafHash(l));
        const tree = new MerkleAccumulator();
        hashes.forEach((h) => tree.appendLeafHash(h));
        expect(tree.root()).toEqual(merkleRoot(hashes));
      }),
      { numRuns: 200 },
    );
  });
});
