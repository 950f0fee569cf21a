export * from "./binding";
export * from "./component";
export * from "./resources";
export * from "./spec";
export * from "./validate";
