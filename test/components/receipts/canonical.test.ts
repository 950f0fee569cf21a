import { describe, expect, it } from "vitest";
import { CanonicalJsonError, canonicalize, isCanonicalJson } from "../../../components/receipts";

describe("canonicalize (RFC 8785 JCS)", () => {
  it("writes the RFC 8785 §3.2.3 sample exactly: sorted members, ECMAScript numbers, minimal escapes", () => {
    // The sample input of RFC 8785 §3.2.3, as JSON text, and its canonical output.
    const input = String.raw`{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}`;
    const output = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
    expect(canonicalize(JSON.parse(input))).toBe(output);
  });

  it("sorts member names by UTF-16 code units (RFC 8785 §3.2.3 sorting example)", () => {
    const value = { "\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\ud83d\ude00": 5, "\u0080": 6, "\u00f6": 7 };
    expect(canonicalize(value)).toBe('{"\\r":2,"1":4,"\u0080":6,"ö":7,"€":1,"😀":5,"\ufb33":3}');
  });

  it("writes -0 as 0 and nests arrays and objects without whitespace", () => {
    expect(canonicalize({ b: [-0, { d: 1, c: "x" }], a: null })).toBe('{"a":null,"b":[0,{"c":"x","d":1}]}');
  });

  it("rejects values without a canonical form, naming where they are", () => {
    const cases: [unknown, string][] = [
      [{ a: NaN }, "$.a: NaN is not a JSON number"],
      [{ a: [1, Infinity] }, "$.a[1]: Infinity is not a JSON number"],
      [{ a: undefined }, "$.a: undefined is not a JSON value"],
      [{ s: "\ud800x" }, "$.s: string holds a lone UTF-16 surrogate"],
      [{ "\udc00": 1 }, '$: member name "\\udc00" holds a lone UTF-16 surrogate'],
      [{ d: new Date(0) }, "$.d: only plain objects are JSON objects"],
      [{ n: 1n }, "$.n: bigint is not a JSON value"],
    ];
    for (const [value, message] of cases) {
      expect(() => canonicalize(value)).toThrow(
        new CanonicalJsonError(message.slice(0, message.indexOf(": ")), message.slice(message.indexOf(": ") + 2)),
      );
    }
  });
});

describe("isCanonicalJson", () => {
  it("accepts canonical text and rejects reordered members, whitespace, -0 and escaped lone surrogates", () => {
    const check = (text: string): boolean => isCanonicalJson(JSON.parse(text), text);
    expect(check('{"a":1,"b":{"c":[1,"x"]}}')).toBe(true);
    expect(check('{"b":1,"a":1}')).toBe(false);
    expect(check('{"a": 1}')).toBe(false);
    expect(check('{"a":-0}')).toBe(false);
    expect(check('{"a":"\\ud800"}')).toBe(false);
    expect(check('{"a":"\\u00e9"}')).toBe(false);
    expect(check('{"a":"é"}')).toBe(true);
  });

  it("settles member names JSON.parse reorders (integer-like) with the full canonicalisation", () => {
    const text = '{"10":1,"9":2}';
    expect(isCanonicalJson(JSON.parse(text), text)).toBe(true);
  });
});
