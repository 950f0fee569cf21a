export * from "./argument-error";
export * from "./construct";
export * from "./names";
export * from "./spec";
export * from "./validate";
