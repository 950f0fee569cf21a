export * from "./build";
export * from "./component";
export * from "./scheduling";
