// `export default defineConfig({ … })` in fresco.config.ts: an identity function whose only
// job is to give the user types and completion. Validation happens once, in resolveConfig.
import type { FrescoConfig } from './types.js'

export function defineConfig(config: FrescoConfig): FrescoConfig {
  return config
}
