export * from "./build";
export * from "./component";
export * from "./resolve";
export * from "./spec";
export * from "./validate";
