import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { describe, expect, it } from "vitest";
import { buildStruct, lazyStructs } from "../../cli/lazy-struct";

describe("lazyStructs", () => {
  const value = { name: "cm", count: 2, on: true, none: null, list: ["a", { b: 1 }], nested: { c: "d" } };

  it("hands the value back without building Value messages, and builds them for readers of fields or bytes", () => {
    lazyStructs();
    const lazy = Struct.fromJavaScript(value);
    expect(lazy.toJavaScript()).toBe(value);
    const real = buildStruct(value) as unknown as Struct;
    expect(real.toJavaScript()).toEqual(value);
    expect(lazy.getFieldsMap().get("nested")!.getStructValue()!.toJavaScript()).toEqual({ c: "d" });
    expect([...lazy.getFieldsMap().keys()].sort()).toEqual(Object.keys(value).sort());
    expect(lazy.serializeBinary()).toEqual(real.serializeBinary());
    expect(Struct.deserializeBinary(lazy.serializeBinary()).toJavaScript()).toEqual(value);
  });
});
