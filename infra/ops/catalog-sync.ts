import type { SyncReport } from '../../shared/services/catalog-sync.ts';

/** A sync's report as the operator reads it: each changed procedure, field by field. */
export function reportLines(report: SyncReport): string[] {
  const lines = [
    `${report.checked} procedures read in the national database; ${report.changed.length} changed${
      report.applied ? ', saved as new versions' : ' (shown only: --apply saves them)'
    }.`,
  ];
  for (const procedure of report.changed) {
    const version = procedure.toVersion
      ? `version ${procedure.fromVersion} → ${procedure.toVersion}`
      : `version ${procedure.fromVersion}`;
    lines.push(`${procedure.code} ${procedure.name} (${version})`);
    for (const change of procedure.changes)
      lines.push(`  ${change.field}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`);
  }
  if (report.notListed.length) lines.push(`not listed nationally: ${report.notListed.join(', ')}`);
  if (report.skipped.length)
    lines.push(`edited meanwhile, left for the next run: ${report.skipped.join(', ')}`);
  return lines;
}
