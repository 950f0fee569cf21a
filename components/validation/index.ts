export * from "./problems";
export * from "./rules";
export * from "./scheduling";
