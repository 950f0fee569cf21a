export * from "./component";
export * from "./fabric";
export * from "./kubeconfig";
export * from "./platform";
export * from "./spec";
export * from "./validate";
