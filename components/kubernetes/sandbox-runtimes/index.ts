export * from "./build";
export * from "./component";
