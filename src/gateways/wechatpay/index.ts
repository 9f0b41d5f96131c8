export * from "./client"
export * from "./sign"
export * from "./aes-gcm"
