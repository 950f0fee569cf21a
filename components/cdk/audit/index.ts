export * from "./construct";
export * from "./spec";
export * from "./validate";
