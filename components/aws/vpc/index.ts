export * from "./cidr";
export * from "./component";
export * from "./log-group";
export * from "./plan";
export * from "./spec";
export * from "./validate";
