export * from "./build";
export * from "./component";
export * from "./endpoint";
export * from "./resolve";
export * from "./spec";
export * from "./validate";
export * from "./values";
