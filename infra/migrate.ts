import { provinceAccount, stackOutputs } from './ops/aws.ts';
import { runForProvince } from './ops/command.ts';
import { migrateProvinceTable } from './ops/migrate.ts';

const USAGE = 'npm run migrate -- --province <id>';

/**
 * `npm run migrate -- --province <id>`: the province's table brought to this release's item
 * shapes, as deploy does after the new code is in; run again, it goes on from where a stopped
 * run was, and changes nothing once done.
 */
await runForProvince(USAGE, [], async (context) => {
  const { province, path, dataStack, say } = context;
  await provinceAccount(province, path);
  await migrateProvinceTable(province, await stackOutputs(dataStack, province.region), say);
});
