import QRCode from "qrcode";

/** Pixels a side: big enough for a phone camera at arm's length. */
export const QR_CODE_SIZE = 200;

/**
 * `text` as a QR code in an SVG data: URI, for an <img> (the CSP allows data: images and no
 * inline markup or script). Error correction M copes with a glare or a smudged screen.
 */
export async function qrCodeDataUri(text: string): Promise<string> {
  const svg = await QRCode.toString(text, {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 4,
    width: QR_CODE_SIZE,
  });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
