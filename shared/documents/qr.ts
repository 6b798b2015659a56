import qrcode from 'qrcode-generator';

/**
 * QR codes of the documents the system issues (Thông tư 01/2023/TT-VPCP): the modules of a
 * code for a text, and the code as SVG for the printable pages. Pure.
 */

/** Error correction M (15%): a printed slip folded or stamped over still reads. */
const CORRECTION = 'M';

/** The dark modules of the code, row by row (true is dark). */
export function qrModules(text: string): boolean[][] {
  const code = qrcode(0, CORRECTION);
  code.addData(text, 'Byte');
  code.make();
  const size = code.getModuleCount();
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, col) => code.isDark(row, col)),
  );
}

/** The code as an SVG drawing `size` pixels wide, with a quiet zone of four modules. */
export function qrSvg(text: string, size = 160): string {
  const modules = qrModules(text);
  const count = modules.length + 8;
  const path = modules
    .flatMap((row, y) => row.flatMap((dark, x) => (dark ? [`M${x + 4} ${y + 4}h1v1h-1z`] : [])))
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${count} ${count}" shape-rendering="crispEdges" role="img" aria-label="QR"><rect width="${count}" height="${count}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
