import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { qrModules } from './qr.ts';

/**
 * A document the system issues, printed as PDF (A4): its QR in the top-left corner (Thông tư
 * 01/2023/TT-VPCP), the issuing unit and the title beside it, then its lines. Drawn with
 * pdf-lib and an embedded Unicode font (subset to the glyphs used), so that Vietnamese prints
 * as written; no browser on the request path. The font's bytes come in: rendering reads no file.
 */
export interface PrintedDocument {
  /** The unit that issues it. */
  issuer: string;
  title: string;
  /** Label and value, one a line (a long value wraps). */
  lines: { label: string; value: string }[];
  /** A list under the lines (the components, the files to supply again). */
  list?: { heading: string; items: string[] };
  /** What the QR holds. */
  qr: string;
  footer: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 42;
/** The QR's side, in points (about 40 mm): large enough for a phone at arm's length. */
export const QR_SIDE = 114;
const QUIET_MODULES = 4;

export async function renderPdf(document: PrintedDocument, fontBytes: Uint8Array): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(document.title);
  pdf.setCreator('motcua');
  pdf.setProducer('motcua');
  const font = await pdf.embedFont(fontBytes, { subset: true });
  const page = pdf.addPage([A4.width, A4.height]);
  drawQr(page, document.qr, MARGIN, A4.height - MARGIN - QR_SIDE);
  const textLeft = MARGIN + QR_SIDE + 16;
  let y = A4.height - MARGIN - 12;
  y = write(page, font, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', textLeft, y, 10, A4.width - MARGIN - textLeft);
  y = write(page, font, 'Độc lập - Tự do - Hạnh phúc', textLeft, y, 10, A4.width - MARGIN - textLeft) - 6;
  y = write(page, font, document.issuer.toUpperCase(), textLeft, y, 10, A4.width - MARGIN - textLeft);
  y = write(page, font, document.title.toUpperCase(), textLeft, y - 10, 14, A4.width - MARGIN - textLeft);
  y = Math.min(y, A4.height - MARGIN - QR_SIDE) - 24;
  const width = A4.width - 2 * MARGIN;
  for (const { label, value } of document.lines)
    y = write(page, font, `${label}: ${value}`, MARGIN, y, 11, width) - 4;
  if (document.list) {
    y = write(page, font, document.list.heading, MARGIN, y - 8, 11, width) - 2;
    document.list.items.forEach((item, index) => {
      y = write(page, font, `${index + 1}. ${item}`, MARGIN + 12, y, 11, width - 12) - 2;
    });
  }
  write(page, font, document.footer, MARGIN, Math.min(y - 16, 80), 9, width);
  return pdf.save();
}

/** The QR as filled squares, with its quiet zone, its top-left corner at (x, y + side). */
function drawQr(page: PDFPage, content: string, x: number, y: number): void {
  const modules = qrModules(content);
  const count = modules.length + 2 * QUIET_MODULES;
  const unit = QR_SIDE / count;
  page.drawRectangle({ x, y, width: QR_SIDE, height: QR_SIDE, color: rgb(1, 1, 1) });
  modules.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (!dark) return;
      page.drawRectangle({
        x: x + (c + QUIET_MODULES) * unit,
        y: y + QR_SIDE - (r + QUIET_MODULES + 1) * unit,
        // A hair wider, so that neighbouring squares leave no seam when rasterised.
        width: unit + 0.01,
        height: unit + 0.01,
        color: rgb(0, 0, 0),
      });
    });
  });
}

/** Writes a text wrapped to `width` from the baseline `y`; the next line's baseline. */
function write(
  page: PDFPage,
  font: PDFFont,
  text: string,
  x: number,
  y: number,
  size: number,
  width: number,
) {
  let baseline = y;
  for (const line of wrap(text.normalize('NFC'), font, size, width)) {
    page.drawText(line, { x, y: baseline, size, font, color: rgb(0, 0, 0) });
    baseline -= size * 1.35;
  }
  return baseline;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(candidate, size) > width) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}
