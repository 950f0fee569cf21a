export * from "./component";
export * from "./documents";
