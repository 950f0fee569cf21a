import { describe, expect, it } from "vitest";
import { annotationBytes, MAX_ANNOTATIONS_BYTES, MAX_OBJECT_BYTES, objectBytes, utf8Length } from "../../../components/validation";

describe("sizes", () => {
  it("uses the API server's limits", () => {
    expect(MAX_ANNOTATIONS_BYTES).toBe(262144);
    expect(MAX_OBJECT_BYTES).toBe(1572864);
  });

  it("counts UTF-8 bytes of annotation keys and values, and of objects as JSON", () => {
    expect(utf8Length("aé€😀")).toBe(1 + 2 + 3 + 4);
    expect(annotationBytes({ "a/b": "xyz", é: "é" })).toBe(3 + 3 + 2 + 2);
    expect(annotationBytes({ "a/b": 5 })).toBe(3);
    expect(objectBytes({ a: "é" })).toBe('{"a":"é"}'.length + 1);
    expect(objectBytes(undefined)).toBe(0);
  });
});
