export * from "./args";
export * from "./binding";
export * from "./component";
export * from "./policies";
export * from "./spec";
export * from "./validate";
