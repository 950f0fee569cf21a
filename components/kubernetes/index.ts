export * from "./agent";
export * from "./agent-namespace";
export * from "./agent-sandbox";
export * from "./priority-classes";
export * from "./resources";
export * from "./sandbox-runtimes";
export * from "./network";
