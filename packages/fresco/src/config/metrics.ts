// `metrics`: the Prometheus endpoint of `fresco start`, off unless configured. It listens on a
// port of its own (never the app's public port), on 127.0.0.1 unless `host` says otherwise.

import type { Bad } from './checks.js'
import { parsePort } from './env.js'

export interface MetricsOptions {
  /** Port of the metrics listener (0 = any free port). Required to turn metrics on. */
  port: number
  /** Interface it binds. Default '127.0.0.1' (only this machine; a scraper elsewhere needs '0.0.0.0'). */
  host?: string
  /** Path of the text exposition. Default '/metrics'. */
  path?: string
}

export interface ResolvedMetrics {
  port: number
  host: string
  path: string
}

export const METRICS_KEYS = ['port', 'host', 'path'] as const

export function readMetrics(
  value: unknown,
  bad: Bad,
  checkKeys: (prefix: string, obj: Record<string, unknown>, keys: readonly string[]) => void,
): ResolvedMetrics | null {
  if (value === undefined || value === false) return null
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad('metrics', value, 'Use false or an object such as { port: 9464 } (optionally host, path).')
  const m = value as Record<string, unknown>
  checkKeys('metrics.', m, METRICS_KEYS)
  const port = typeof m.port === 'number' ? parsePort(String(m.port)) : undefined
  if (port === undefined)
    throw bad('metrics.port', m.port, 'Use a port number from 0 to 65535 (0 = any free port), e.g. 9464.')
  const host = m.host ?? '127.0.0.1'
  if (typeof host !== 'string' || host.trim() === '' || /[\s/]/.test(host))
    throw bad('metrics.host', m.host, "Use an interface address such as '127.0.0.1' or '0.0.0.0'.")
  const path = m.path ?? '/metrics'
  if (typeof path !== 'string' || !/^\/[A-Za-z0-9._~\-/]*$/.test(path))
    throw bad('metrics.path', m.path, "Use a path starting with '/', e.g. '/metrics'.")
  return { port, host, path }
}
