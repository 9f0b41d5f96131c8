/**
 * AEAD_AES_256_GCM as WeChat Pay v3 uses it for callback resources and
 * certificates: key = the 32-byte APIv3 key as text, IV = the nonce's bytes,
 * AAD = associated_data, ciphertext = base64(data || 16-byte tag).
 */
import { createCipheriv, createDecipheriv } from "node:crypto"

export type EncryptedResource = { algorithm?: string; ciphertext: string; nonce: string; associated_data?: string }

export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm && resource.algorithm !== "AEAD_AES_256_GCM") throw new Error(`unsupported algorithm ${resource.algorithm}`)
  const key = Buffer.from(apiV3Key, "utf8")
  if (key.length !== 32) throw new Error("the APIv3 key must be 32 bytes")
  const data = Buffer.from(resource.ciphertext, "base64")
  if (data.length < 17) throw new Error("ciphertext too short")
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(resource.nonce, "utf8"))
  decipher.setAuthTag(data.subarray(data.length - 16))
  decipher.setAAD(Buffer.from(resource.associated_data ?? "", "utf8"))
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8")
}

export function encryptResource(plaintext: string, apiV3Key: string, nonce: string, associatedData: string): string {
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(nonce, "utf8"))
  cipher.setAAD(Buffer.from(associatedData, "utf8"))
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]).toString("base64")
}
