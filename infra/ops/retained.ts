import { readFileSync } from 'node:fs';

/** The template's resources that outlive the stack: `Type LogicalId`. */
export function retained(templateFile: string): string[] {
  const { Resources } = JSON.parse(readFileSync(templateFile, 'utf8')) as {
    Resources: Record<string, { Type: string; DeletionPolicy?: string }>;
  };
  return Object.entries(Resources)
    .filter(([, resource]) => resource.DeletionPolicy === 'Retain')
    .map(([id, resource]) => `${resource.Type} ${id}`)
    .sort();
}
