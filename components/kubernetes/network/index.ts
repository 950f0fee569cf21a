export * from "./cluster-endpoints";
export * from "./fabric";
