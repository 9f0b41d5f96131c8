import QRCode from "qrcode"

/** The QR content rendered as an SVG data URL a storefront can put in <img src>. */
export async function qrImageDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 })
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`
}
