export * from "./cluster-endpoints";
export * from "./fabric";
export * from "./egress";
