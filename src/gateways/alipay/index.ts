export * from "./client"
export * from "./sign"
export * from "./cert"
export * from "./notify"
