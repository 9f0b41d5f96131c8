/**
 * Our Alipay and WeChat Pay signing, verification and decryption checked
 * against the official/reference SDKs (dev-only oracles): alipay-sdk 4.14
 * (sign, checkNotifySignV2, getSignStr, getSN) and wechatpay-axios-plugin
 * 0.9.6 (Rsa, AesGcm, Formatter).
 */
import path from "node:path"
import { generateKeyPairSync, randomBytes } from "node:crypto"
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { AlipaySdk } from "alipay-sdk"
import { Aes, Formatter, Rsa } from "wechatpay-axios-plugin"
import { AlipayClient, certSn, extractJsonValue, notifySignContent, requestSignContent, responseKey, rootCertSn, rsa2Sign, rsa2Verify, verifyNotify } from "../alipay"
import { buildAuthorization, decryptResource, encryptResource, verifySigned } from "../wechatpay"

const sdkDir = path.dirname(require.resolve("alipay-sdk/package.json"))
// internal modules of the SDK (not in its export map): the signer and the certificate SN helper
const sdkUtil = require(path.join(sdkDir, "dist/commonjs/util.js"))
const sdkCert = require(path.join(sdkDir, "dist/commonjs/antcertutil.js"))

const pair = () => generateKeyPairSync("rsa", { modulusLength: 2048 })
const pem = (k: any, type: "pkcs8" | "spki") => k.export({ type, format: "pem" }) as string

describe("Alipay against alipay-sdk", () => {
  const app = pair()
  const platform = pair()

  it("a request signed by the SDK verifies with our sign string, and our signer gives the SDK's signature", () => {
    const params = sdkUtil.sign("alipay.trade.precreate", { bizContent: { out_trade_no: "OM1", total_amount: "12.50", subject: "茶 & 壶=1" }, notifyUrl: "https://x.test/n?a=1" }, { appId: "2021000000000001", charset: "utf-8", version: "1.0", signType: "RSA2", privateKey: pem(app.privateKey, "pkcs8") })
    expect(rsa2Verify(requestSignContent(params), params.sign, app.publicKey)).toBe(true)
    // and our signer over the SDK's exact params reproduces the SDK's signature (RSA PKCS#1 v1.5 is deterministic)
    const { sign, ...unsigned } = params
    expect(rsa2Sign(requestSignContent(unsigned), app.privateKey)).toBe(sign)
  })

  it("notifies we sign pass checkNotifySignV2 (passback_params with %), tampered ones fail both", () => {
    const sdk = new AlipaySdk({ appId: "2021000000000001", privateKey: pem(app.privateKey, "pkcs8"), alipayPublicKey: pem(platform.publicKey, "spki"), keyType: "PKCS8" } as any)
    const fields: Record<string, string> = { app_id: "2021000000000001", out_trade_no: "OM3", trade_status: "TRADE_SUCCESS", total_amount: "409.00", passback_params: "a%3Db%25c", subject: "茶壶 teapot", sign_type: "RSA2", charset: "utf-8" }
    fields.sign = rsa2Sign(notifySignContent(fields), platform.privateKey)
    expect(sdk.checkNotifySignV2({ ...fields })).toBe(true)
    expect(verifyNotify(fields, platform.publicKey)).toBe(true)
    const tampered = { ...fields, total_amount: "0.01" }
    expect(sdk.checkNotifySignV2({ ...tampered })).toBe(false)
    expect(verifyNotify(tampered, platform.publicKey)).toBe(false)
  })

  it("the verified response text is the SDK's getSignStr", () => {
    const sdk = new AlipaySdk({ appId: "2021000000000001", privateKey: pem(app.privateKey, "pkcs8"), alipayPublicKey: pem(platform.publicKey, "spki"), keyType: "PKCS8" } as any)
    const inner = '{"code":"10000","msg":"Success","out_trade_no":"OM4","qr_code":"https://qr.alipay.com/bax{\\"x\\"}","nested":{"a":[1,{"b":"}"}]}}'
    const raw = `{"alipay_trade_precreate_response":${inner},"sign":"${rsa2Sign(inner, platform.privateKey)}"}`
    expect(extractJsonValue(raw, responseKey("alipay.trade.precreate"))).toBe(inner)
    expect(sdk.getSignStr(raw, "alipay_trade_precreate_response")).toBe(inner)
    const client = new AlipayClient({ appId: "2021000000000001", privateKey: pem(app.privateKey, "pkcs8"), alipayPublicKey: pem(platform.publicKey, "spki") })
    expect(client.verifyResponse("alipay.trade.precreate", raw).out_trade_no).toBe("OM4")
    expect(() => client.verifyResponse("alipay.trade.precreate", raw.replace("OM4", "OM5"))).toThrow(/does not verify/)
  })

  it("certificate SNs equal the SDK's getSN (leaf and root bundle)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "alipay-cert-"))
    const make = (name: string, subj: string, alg: string[]) => {
      execFileSync("openssl", ["req", "-x509", "-newkey", ...alg, "-nodes", "-keyout", path.join(dir, `${name}.key`), "-out", path.join(dir, `${name}.crt`), "-days", "2", "-subj", subj, "-set_serial", "0x1F2E3D4C5B6A7988"], { stdio: "ignore" })
      return readFileSync(path.join(dir, `${name}.crt`), "utf8")
    }
    const leaf = make("leaf", "/C=CN/O=Ant Financial/OU=Certification Authority/CN=Ant Financial Certification Authority Class 2 R1", ["rsa:2048"])
    const ec = make("ec", "/C=CN/O=Test/CN=EC root", ["ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"])
    expect(certSn(leaf)).toBe(sdkCert.getSN(leaf))
    expect(rootCertSn(leaf + ec)).toBe(sdkCert.getSN(leaf + ec, true))
  })
})

describe("WeChat Pay v3 against wechatpay-axios-plugin", () => {
  const merchant = pair()
  const platform = pair()

  it("our Authorization signature verifies with Rsa.verify over Formatter.request", () => {
    const body = JSON.stringify({ mchid: "1900000109", description: "茶壶", amount: { total: 40900, currency: "CNY" } })
    const header = buildAuthorization({ mchid: "1900000109", serialNo: "ABC123", privateKey: merchant.privateKey, method: "POST", url: "/v3/pay/transactions/native", body, timestamp: 1700000000, nonce: "NONCE1" })
    const sig = /signature="([^"]+)"/.exec(header)![1]
    expect(Rsa.verify(Formatter.request("POST", "/v3/pay/transactions/native", 1700000000, "NONCE1", body), sig, Rsa.from(pem(merchant.publicKey, "spki"), Rsa.KEY_TYPE_PUBLIC))).toBe(true)
  })

  it("a callback signed with Rsa.sign over Formatter.response verifies with ours; probes, stale and unknown serials do not", () => {
    const body = '{"id":"EV-1","resource":{"ciphertext":"x"}}'
    const ts = String(Math.floor(Date.now() / 1000))
    const signature = Rsa.sign(Formatter.response(ts, "N2", body), Rsa.from(pem(platform.privateKey, "pkcs8"), Rsa.KEY_TYPE_PRIVATE))
    const keys = new Map([["PUB_KEY_ID_0114232134912410000000000000000", platform.publicKey]])
    const h = { timestamp: ts, nonce: "N2", signature, serial: "PUB_KEY_ID_0114232134912410000000000000000" }
    expect(verifySigned(h, body, keys)).toEqual({ ok: true })
    expect(verifySigned(h, body + " ", keys)).toMatchObject({ ok: false, reason: "bad_signature" })
    expect(verifySigned({ ...h, signature: `WECHATPAY/SIGNTEST/${signature}` }, body, keys)).toMatchObject({ ok: false, reason: "signature_probe" })
    expect(verifySigned({ ...h, serial: "OTHER" }, body, keys)).toMatchObject({ ok: false, reason: "unknown_serial" })
    expect(verifySigned({ ...h, timestamp: String(Number(ts) - 301) }, body, keys)).toMatchObject({ ok: false, reason: "stale_timestamp" })
  })

  it("AES-256-GCM resources: theirs decrypt with ours and ours with theirs", () => {
    const key = randomBytes(16).toString("hex")
    const plain = JSON.stringify({ out_trade_no: "OM5", amount: { total: 1 }, note: "支付成功" })
    const theirs = Aes.AesGcm.encrypt(plain, key, "0123456789ab", "transaction")
    expect(decryptResource({ ciphertext: theirs, nonce: "0123456789ab", associated_data: "transaction" }, key)).toBe(plain)
    const ours = encryptResource(plain, key, "ba9876543210", "transaction")
    expect(Aes.AesGcm.decrypt(ours, key, "ba9876543210", "transaction")).toBe(plain)
    expect(() => decryptResource({ ciphertext: ours, nonce: "ba9876543210", associated_data: "refund" }, key)).toThrow()
  })
})
