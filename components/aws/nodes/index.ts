export * from "./launch-template";
export * from "./node-role";
