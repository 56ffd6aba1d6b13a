// `fresco start --workers N`: every worker keeps its own series; the primary answers a scrape with
// their sum (prom-client's AggregatorRegistry asks each worker over the cluster IPC link) plus its
// own (the fs store it owns). Gauges sum across workers, except fresco_redis_up (the minimum).
import { AggregatorRegistry, type Registry } from 'prom-client'

/** In a worker: answer the primary's requests for this registry. */
export function shareWithPrimary(registry: Registry): void {
  AggregatorRegistry.setRegistries([registry])
  new AggregatorRegistry() // installs the worker's listener
}

/** In the primary: the workers' aggregate followed by the primary's own series (distinct names). */
export function clusterScrape(own: Registry | undefined): () => Promise<string> {
  const aggregator = new AggregatorRegistry()
  return async () => `${await aggregator.clusterMetrics()}${own ? `\n${await own.metrics()}` : ''}`
}

export const PROMETHEUS_CONTENT_TYPE = AggregatorRegistry.PROMETHEUS_CONTENT_TYPE
