export * from "./gpu-nodegroup";
export * from "./launch-template";
export * from "./node-role";
export * from "./nodegroup";
export * from "./sandbox-nodegroup";
export * from "./spec";
export * from "./validate";
