export * from "./build";
export * from "./component";
export * from "./edges";
export * from "./gateway";
export * from "./graph";
export * from "./resolve";
export * from "./spec";
export * from "./validate";
