export * from "./build";
export * from "./component";
export * from "./controller";
export * from "./crds";
export * from "./rbac";
export * from "./templates";
