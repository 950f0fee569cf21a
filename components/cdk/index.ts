export * from "./audit";
export * from "./cluster";
export * from "./gate";
export * from "./identity";
export * from "./kubernetes";
export * from "./nodes";
export * from "./stack";
