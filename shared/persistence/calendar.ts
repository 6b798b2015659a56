import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { WorkingCalendar, type YearSchedule } from '../domain/calendar.ts';
import { documents, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';

/**
 * The province's working-day schedules, one item:  pk=CATALOG  sk=CALENDAR. The seed writes
 * every year of CALENDAR_YEARS, announced or generated, so request paths only look dates up; a
 * generated year is stored with `provisional: true`, and the item lists the `announcedYears`.
 */
const key = { pk: PARTITIONS.catalog, sk: 'CALENDAR' };
export const CALENDAR_YEARS = { from: 2020, to: 2100 };

type Schedules = Readonly<Record<string, YearSchedule>>;

export async function saveSchedules(schedules: Schedules, at: string): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...key,
        entity: 'calendar',
        schedules,
        announcedYears: Object.keys(schedules).filter((year) => !schedules[year]?.provisional),
        updatedAt: at,
      },
    }),
  );
}

const CALENDAR_TTL_MS = 5 * 60_000;
let cached: { calendar: WorkingCalendar; until: number } | undefined;

/** The province's working-day calendar, read at most every five minutes per container. */
export async function workingCalendar(now = Date.now()): Promise<WorkingCalendar> {
  if (cached && cached.until > now) return cached.calendar;
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: key }));
  const calendar = new WorkingCalendar((Item?.schedules as Schedules | undefined) ?? {});
  cached = { calendar, until: now + CALENDAR_TTL_MS };
  return calendar;
}
