import { ENV, resourceVariable } from '../env.ts';
import type { TargetPolicy } from './targets.ts';

/**
 * Where the deployment's connectors send, as the runtime gives it (`CONNECTORS`, JSON): the
 * national portal's endpoint when the province has one, the systems of units outside the
 * deployment, whether loopback targets are allowed (locally only) and how the retry schedule
 * is scaled (1 on AWS).
 */
export interface ConnectorSettings extends TargetPolicy {
  retryScale: number;
  /** The portal's endpoint, and the registry id under which it files dossiers here. */
  nationalPortal?: {
    url: string;
    integrator?: string;
    handOver?: 'push' | 'pull';
    /** In pull mode, the portal's feed of dossiers for the province. */
    feedUrl?: string;
    /** The portal's codes (HinhThuc) of how a result is returned, when they differ from the observed ones. */
    resultReturnCodes?: Record<'online' | 'post', number>;
  };
  units: Record<string, { url: string }>;
  /** The National Database on Administrative Procedures, the catalogue's source. */
  procedureDatabase?: { url: string };
  /** Where each channel's files may be fetched from, and their size limit. */
  channels?: Record<string, ChannelFileSource>;
}

/** The hosts a channel's files come from and how large one may be. */
export interface ChannelFileSource {
  fileHosts: readonly string[];
  maxFileMb: number;
}

let parsed: { raw: string; settings: ConnectorSettings } | undefined;

export function connectorSettings(): ConnectorSettings {
  const raw = resourceVariable(ENV.connectors, 'the connectors');
  if (parsed?.raw !== raw) parsed = { raw, settings: JSON.parse(raw) as ConnectorSettings };
  return parsed.settings;
}
