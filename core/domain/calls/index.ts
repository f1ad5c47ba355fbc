export * from "./addresses.js";
export * from "./links.js";
export * from "./extract.js";
