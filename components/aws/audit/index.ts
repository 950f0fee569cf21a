export * from "./component";
export * from "./policies";
export * from "./resolve";
export * from "./spec";
export * from "./validate";
