// Pure checks, each in a file named for what it checks. Builders import those files directly; only
// `argument-error.ts` (for components) imports Pulumi.
export * from "./argument-error";
export * from "./cloud-permissions";
export * from "./hosts";
export * from "./names";
export * from "./paths";
export * from "./problems";
export * from "./quantities";
export * from "./scheduling";
export * from "./secrets";
export * from "./sizes";
export * from "./values";
export * from "./closest";
