import jsqr from 'jsqr';
import * as mupdf from 'mupdf';

type Decode = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string; location: { topLeftCorner: { x: number; y: number } } } | null;
/** The package types a CommonJS module as an ES default export: the decoder, whichever way it loads. */
const jsQR = ((jsqr as unknown as { default?: Decode }).default ?? jsqr) as unknown as Decode;

/**
 * The first page of a PDF rendered (MuPDF, at twice its size) and the QR read back from
 * the pixels, as a phone would: what it holds, where it sits on the page (as a share of the
 * page's width and height from the top-left corner), and the page's text.
 */
export function readPdf(bytes: Uint8Array): {
  qr?: { content: string; left: number; top: number };
  text: string;
  pages: number;
} {
  const document = mupdf.Document.openDocument(bytes, 'application/pdf');
  const page = document.loadPage(0);
  const pixmap = page.toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceRGB, false, true);
  const width = pixmap.getWidth();
  const height = pixmap.getHeight();
  const rgb = pixmap.getPixels();
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let pixel = 0; pixel < width * height; pixel += 1) {
    rgba.set(rgb.subarray(pixel * 3, pixel * 3 + 3), pixel * 4);
    rgba[pixel * 4 + 3] = 255;
  }
  const found = jsQR(rgba, width, height);
  return {
    ...(found
      ? {
          qr: {
            content: found.data,
            left: found.location.topLeftCorner.x / width,
            top: found.location.topLeftCorner.y / height,
          },
        }
      : {}),
    text: page.toStructuredText('preserve-whitespace').asText(),
    pages: document.countPages(),
  };
}
