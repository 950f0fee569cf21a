// The SDK packs every registration's properties into a protobuf `Struct` (a tree of `Value` messages) for the
// engine, which unpacks it again with `toJavaScript()`. In-process, under the mock engine, that round trip is pure
// overhead: a large share of a big plan's allocations. Plans build Structs lazily instead.

import { dirname } from "node:path";

// The copy of google-protobuf that the Pulumi SDK itself loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structproto = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [dirname(require.resolve("@pulumi/pulumi"))] }),
) as {
  Struct: StructClass;
};

interface StructLike {
  toJavaScript(): unknown;
  getFieldsMap(...args: unknown[]): unknown;
  serializeBinary(): Uint8Array;
  toObject(...args: unknown[]): unknown;
}

interface StructClass {
  new (): StructLike;
  fromJavaScript(value: unknown): StructLike;
}

/** The real conversion, for code that needs a fully built Struct. */
export const buildStruct: (value: unknown) => StructLike = structproto.Struct.fromJavaScript.bind(structproto.Struct);

let installed = false;

/**
 * Makes `Struct.fromJavaScript(value)` return an empty Struct whose `toJavaScript()` gives `value` back (the
 * callers, the SDK and the mock engine, only read it and copy what they keep). Anything that reads the Struct's
 * fields or bytes gets them from a real Struct built on first use, so every reader sees the same values. Idempotent.
 */
export function lazyStructs(): void {
  if (installed) return;
  installed = true;
  structproto.Struct.fromJavaScript = (value) => {
    const struct = new structproto.Struct();
    let built: StructLike | undefined;
    const real = (): StructLike => (built ??= buildStruct(value));
    struct.toJavaScript = () => value;
    struct.getFieldsMap = (...args) => real().getFieldsMap(...args);
    struct.serializeBinary = () => real().serializeBinary();
    struct.toObject = (...args) => real().toObject(...args);
    return struct;
  };
}
