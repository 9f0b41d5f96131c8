/**
 * Alipay certificate mode (公钥证书): serial numbers sent as app_cert_sn and
 * alipay_root_cert_sn, and the public key inside Alipay's certificate.
 * SN = md5hex(issuer RDNs in reverse order as "CN=..,O=..,C=.." + decimal serial).
 */
import { createHash, X509Certificate, type KeyObject } from "node:crypto"

function splitPemBundle(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
}

function certSnOf(cert: X509Certificate): string {
  // X509Certificate.issuer lists RDNs one per line in certificate order; Alipay joins them reversed
  const issuer = cert.issuer.split("\n").filter(Boolean).reverse().join(",")
  const serial = BigInt(`0x${cert.serialNumber}`).toString(10)
  return createHash("md5").update(issuer + serial, "utf8").digest("hex")
}

/** SN of a single certificate (app_cert_sn, and the alipay_cert_sn responses carry). */
export function certSn(pem: string): string {
  const [first] = splitPemBundle(pem)
  if (!first) throw new Error("no certificate in PEM")
  return certSnOf(new X509Certificate(first))
}

/**
 * alipay_root_cert_sn: SNs of the RSA certificates in Alipay's root bundle,
 * joined by `_`. Roots are self-signed, so an RSA public key means an RSA
 * signature (the bundle also holds an SM2 root, which is skipped).
 */
export function rootCertSn(bundlePem: string): string {
  return splitPemBundle(bundlePem)
    .map((p) => new X509Certificate(p))
    .filter((c) => c.publicKey.asymmetricKeyType === "rsa")
    .map(certSnOf)
    .join("_")
}

export function certPublicKey(pem: string): KeyObject {
  const [first] = splitPemBundle(pem)
  if (!first) throw new Error("no certificate in PEM")
  return new X509Certificate(first).publicKey
}
