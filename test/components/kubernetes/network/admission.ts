import type { Labels, Pod } from "./evaluator";

/*
 * A small reader of ValidatingAdmissionPolicies for tests: which Pods the rendered policies would let the API server
 * create. No CEL engine is installed, so it runs the expressions through a translation to JavaScript that covers
 * exactly the CEL they use (`has(x)`, `'k' in map`, `map['k']`, `==`, `!`, `||`, `&&`, `? :`, string `+`, and
 * `'...'` strings with `\'`), and throws on anything else, so an expression outside that subset fails the test rather
 * than being misread. Semantics: Kubernetes "Validating Admission Policy" (matchConstraints.namespaceSelector,
 * resourceRules, validations: every expression must be true, else the request is denied with the message).
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

const compiled = new Map<string, (object: PodObject) => unknown>();

/** A CEL expression of the subset above as a JavaScript function of `object`. */
export function celToJs(expression: string): (object: PodObject) => unknown {
  const known = compiled.get(expression);
  if (known) return known;
  // Strings out first, so their text is not rewritten.
  const strings: string[] = [];
  let js = expression.replace(/'((?:[^'\\]|\\.)*)'/g, (_, body: string) => {
    strings.push(body.replace(/\\'/g, "'"));
    return `__s${strings.length - 1}__`;
  });
  if (/object(\.[a-zA-Z_]+)*\s*\(/.test(js)) throw new Error(`CEL outside the modelled subset: a method call in ${expression}`);
  js = js.replace(/==/g, "===").replace(/has\(([a-zA-Z_.]+)\)/g, "($1 !== undefined)");
  const leftover = js.replace(/__s\d+__|object(\.[a-zA-Z_]+)*|\[|\]|\(|\)|!==|===|!|\|\||&&|\?|:|\+|\bin\b|undefined|\s/g, "");
  if (leftover !== "") throw new Error(`CEL outside the modelled subset: ${leftover} in ${expression}`);
  js = js.replace(/__s(\d+)__/g, (_, i: string) => JSON.stringify(strings[Number(i)]));
  const fn = new Function("object", `"use strict"; return (${js});`) as (object: PodObject) => unknown;
  compiled.set(expression, fn);
  return fn;
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
        .filter((v) => celToJs(v.expression)(object) !== true)
        .map((v) => (v.messageExpression ? String(celToJs(v.messageExpression)(object)) : (v.message ?? ""))),
    );
}
