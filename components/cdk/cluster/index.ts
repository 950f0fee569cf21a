export * from "./component";
export * from "./spec";
export * from "./validate";
