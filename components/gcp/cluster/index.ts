export * from "./component";
export * from "./kms";
export * from "./kubeconfig";
export * from "./node-config";
export * from "./node-service-account";
export * from "./platform";
export * from "./spec";
export * from "./validate";
