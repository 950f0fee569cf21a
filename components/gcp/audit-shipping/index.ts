export * from "./component";
export * from "./filter";
