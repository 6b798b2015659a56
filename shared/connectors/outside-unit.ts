import type { Delivery } from '../domain/deliveries.ts';
import { nationalDossier } from '../domain/national-portal.ts';
import { getDossier } from '../persistence/dossiers.ts';
import { markHandedOver, type OutboundHop } from '../persistence/outbound.ts';
import type { Connector } from './connector.ts';
import { dossierFacts } from './dossier-facts.ts';
import { signedPost } from './signed-post.ts';

/**
 * The system of a unit outside the deployment (a ministry's, a sector's): the hop, with its
 * signed receipt, and the dossier in the national shape. Once taken, the unit's outbound
 * entry is marked handed over; the system answers with progress and the result through the
 * integrations API.
 */
export function outsideUnitConnector(url: string): Connector {
  return {
    async send(delivery: Delivery, now: Date) {
      const hop = await hopOf(delivery);
      const facts = await dossierFacts(delivery.code, now);
      const answer = await signedPost(url, { hop, HoSo: nationalDossier(facts) });
      if (answer.ok) await markHandedOver(hop, now);
      return answer;
    },
  };
}

async function hopOf(delivery: Delivery): Promise<OutboundHop> {
  const seq = delivery.event.data.hop as number;
  const hop = (await getDossier(delivery.code))?.hops.find((one) => one.seq === seq);
  if (!hop?.receipt) throw new Error(`hop ${delivery.code}#${seq} has no receipt`);
  return {
    code: delivery.code,
    hop: seq,
    fromUnit: hop.fromUnit,
    toUnit: hop.toUnit,
    sentAt: hop.sentAt,
    receipt: hop.receipt,
  };
}
