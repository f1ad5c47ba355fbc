export * from "./addresses.js";
export * from "./links.js";
export * from "./extract.js";
export * from "./outcomes.js";
export * from "./leaderboard.js";
export * from "./combined.js";
