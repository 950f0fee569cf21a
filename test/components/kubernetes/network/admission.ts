import type { Labels, Pod } from "./evaluator";

/*
 * A small reader of ValidatingAdmissionPolicies for tests: which Pods the rendered policies would let the API server
 * create. No CEL engine is installed, so it interprets exactly the CEL the policies use: string literals (with `\'`),
 * field selection (`a.b`), index (`m['k']`), `has(a.b)`, `'k' in m`, `==`, `!=`, `!`, `&&`, `||`, `? :` and string
 * `+`. Anything else is a parse error, so an expression outside that subset fails the test rather than being misread.
 * As in CEL, selecting a field that is not there is an error (only `has` tests presence), and an expression that errs
 * or is not `true` fails its validation. Semantics: Kubernetes "Validating Admission Policy" (matchConstraints:
 * namespaceSelector, resourceRules; every validation must hold, else a bound `Deny` rejects with the message).
 */

interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}
interface Policy {
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    policyName?: string;
    validationActions?: string[];
    matchConstraints?: {
      namespaceSelector?: { matchLabels?: Labels; matchExpressions?: Requirement[] };
      resourceRules?: { apiGroups?: string[]; resources?: string[]; operations?: string[] }[];
    };
    validations?: { expression: string; messageExpression?: string; message?: string }[];
  };
}

/** What a Pod is, as admission sees it (`object` in CEL). */
export interface PodObject {
  metadata: { namespace: string; labels?: Labels };
  spec: { serviceAccountName?: string };
}

type Value = unknown;
type Node = (vars: Record<string, Value>) => Value;

function fail(message: string): never {
  throw new Error(message);
}

function field(base: Value, name: string): Value {
  if (typeof base !== "object" || base === null || !Object.hasOwn(base, name)) fail(`no such key: ${name}`);
  return (base as Record<string, Value>)[name];
}

/** Parses one expression of the subset into a function of its variables; throws on anything outside it. */
export function parseCel(expression: string): Node {
  const tokens = expression.match(/'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_]*|\|\||&&|==|!=|[!()[\].?:+]|\s+|./g) ?? [];
  const list = tokens.filter((t) => !/^\s+$/.test(t));
  let i = 0;
  const peek = () => list[i];
  const take = (want?: string) => {
    const t = list[i++];
    if (t === undefined || (want !== undefined && t !== want))
      fail(`CEL outside the modelled subset: expected ${want ?? "more"} at ${t ?? "end"} in ${expression}`);
    return t;
  };
  const ternary = (): Node => {
    const cond = or();
    if (peek() !== "?") return cond;
    take("?");
    const yes = ternary();
    take(":");
    const no = ternary();
    return (v) => (cond(v) === true ? yes(v) : no(v));
  };
  const or = (): Node => {
    let left = and();
    while (peek() === "||") {
      take();
      const [l, r] = [left, and()];
      left = (v) => l(v) === true || r(v) === true;
    }
    return left;
  };
  const and = (): Node => {
    let left = rel();
    while (peek() === "&&") {
      take();
      const [l, r] = [left, rel()];
      left = (v) => l(v) === true && r(v) === true;
    }
    return left;
  };
  const rel = (): Node => {
    const left = add();
    const op = peek();
    if (op !== "==" && op !== "!=" && op !== "in") return left;
    take();
    const right = add();
    if (op === "==") return (v) => left(v) === right(v);
    if (op === "!=") return (v) => left(v) !== right(v);
    return (v) => {
      const map = right(v);
      if (typeof map !== "object" || map === null) fail("in: not a map");
      return Object.hasOwn(map, String(left(v)));
    };
  };
  const add = (): Node => {
    let left = unary();
    while (peek() === "+") {
      take();
      const [l, r] = [left, unary()];
      left = (v) => {
        const [a, b] = [l(v), r(v)];
        if (typeof a !== "string" || typeof b !== "string") fail("+: only strings are modelled");
        return a + b;
      };
    }
    return left;
  };
  const unary = (): Node => {
    if (peek() !== "!") return postfix();
    take();
    const inner = unary();
    return (v) => {
      const x = inner(v);
      if (typeof x !== "boolean") fail("!: not a bool");
      return !x;
    };
  };
  const postfix = (): Node => {
    let node = primary();
    for (;;) {
      if (peek() === ".") {
        take();
        const name = take();
        if (!/^[A-Za-z_]\w*$/.test(name) || peek() === "(") fail(`CEL outside the modelled subset: .${name} in ${expression}`);
        const base = node;
        node = (v) => field(base(v), name);
      } else if (peek() === "[") {
        take();
        const [base, key] = [node, ternary()];
        take("]");
        node = (v) => field(base(v), String(key(v)));
      } else return node;
    }
  };
  const primary = (): Node => {
    const t = take();
    if (t.startsWith("'")) {
      const text = t.slice(1, -1).replace(/\\'/g, "'");
      if (text.includes("\\")) fail(`CEL outside the modelled subset: escapes in ${t}`);
      return () => text;
    }
    if (t === "(") {
      const inner = ternary();
      take(")");
      return inner;
    }
    if (t === "has") {
      take("(");
      const start = i;
      postfix();
      const path = list.slice(start, i);
      take(")");
      if (path.length < 3 || path.at(-2) !== ".") fail(`CEL outside the modelled subset: has() needs a field selection in ${expression}`);
      const base = parseCel(path.slice(0, -2).join(""));
      const name = path.at(-1)!;
      return (v) => {
        const b = base(v);
        return typeof b === "object" && b !== null && Object.hasOwn(b, name);
      };
    }
    if (t === "object") return (v) => v.object;
    return fail(`CEL outside the modelled subset: ${t} in ${expression}`);
  };
  const node = ternary();
  if (i !== list.length) fail(`CEL outside the modelled subset: ${list.slice(i).join(" ")} in ${expression}`);
  return node;
}

/** Evaluates a CEL expression of the subset on `object`; a CEL error becomes an `Error` value (never `true`). */
export function evaluateCel(expression: string, object: PodObject): Value {
  const node = parseCel(expression);
  try {
    return node({ object });
  } catch (e) {
    return e;
  }
}

function selects(selector: { matchLabels?: Labels; matchExpressions?: Requirement[] } | undefined, labels: Labels): boolean {
  if (!selector) return true;
  return (
    Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      if (operator === "Exists") return key in labels;
      if (operator === "DoesNotExist") return !(key in labels);
      if (operator === "In") return key in labels && values.includes(labels[key]);
      if (operator === "NotIn") return !(key in labels) || !values.includes(labels[key]);
      throw new Error(`unknown operator ${operator}`);
    })
  );
}

/**
 * Why the objects' bound, denying ValidatingAdmissionPolicies refuse to create `pod` in a namespace with
 * `namespaceLabels` (one message per failed validation); empty when it is admitted.
 */
export function podDenials(objects: readonly unknown[], pod: Pod, namespaceLabels: Labels): string[] {
  const all = objects as Policy[];
  const denying = new Set(
    all
      .filter((o) => o.kind === "ValidatingAdmissionPolicyBinding" && o.spec?.validationActions?.includes("Deny"))
      .map((o) => o.spec!.policyName),
  );
  const object: PodObject = {
    metadata: { namespace: pod.namespace, labels: pod.labels },
    spec: { serviceAccountName: pod.serviceAccount },
  };
  return all
    .filter((o) => o.kind === "ValidatingAdmissionPolicy" && denying.has(o.metadata?.name))
    .filter((o) => selects(o.spec?.matchConstraints?.namespaceSelector, namespaceLabels))
    .filter((o) =>
      (o.spec?.matchConstraints?.resourceRules ?? []).some(
        (r) => r.apiGroups?.includes("") && r.resources?.includes("pods") && r.operations?.includes("CREATE"),
      ),
    )
    .flatMap((o) =>
      (o.spec?.validations ?? [])
        .filter((v) => evaluateCel(v.expression, object) !== true)
        .map((v) => {
          const message = v.messageExpression ? evaluateCel(v.messageExpression, object) : undefined;
          return typeof message === "string" ? message : (v.message ?? "");
        }),
    );
}
