import type { Delivery } from '../domain/deliveries.ts';
import type { Answer } from './http.ts';

/**
 * How a delivery leaves the deployment: every connector (webhooks, the national portal, an
 * outside unit's system) takes a delivery and says what came back. The consumer records the
 * attempt and decides what comes next; a connector never retries on its own.
 */
export interface Connector {
  send(delivery: Delivery, now: Date): Promise<Answer>;
}
