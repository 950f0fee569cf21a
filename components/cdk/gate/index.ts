export * from "./spec";
export * from "./validate";
export * from "./check";
export * from "./plugin";
