export type Language = 'vi' | 'en';

/** The caller's language from `Accept-Language`; Vietnamese unless English is preferred. */
export function preferredLanguage(header: string | undefined): Language {
  if (!header) return 'vi';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
      return { tag, weight: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter(({ tag, weight }) => weight > 0 && (tag.startsWith('vi') || tag.startsWith('en')))
    .sort((a, b) => b.weight - a.weight);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'vi';
}
