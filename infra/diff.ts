import { provinceAccount } from './ops/aws.ts';
import { runForProvince } from './ops/command.ts';

/** `npm run diff -- --province <id>`: what a deploy would change in the province's stacks. */
await runForProvince('npm run diff -- --province <id>', [], async (context) => {
  const account = await provinceAccount(context.province, context.path);
  context.say(
    `The stacks of ${context.province.name} in account ${account}, region ${context.province.region}:`,
  );
  await context.toolkit.diff(await context.assembly(), { stacks: context.selector });
});
