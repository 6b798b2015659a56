/** The font the PDFs embed (DejaVu Sans: every Vietnamese letter), shipped beside the function that prints them. */
export const PDF_FONT_ASSET = 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf';
