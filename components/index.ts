export * from "./kubernetes";
export * from "./validation";
export * from "./vocabulary";
