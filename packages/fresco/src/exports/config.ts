// `@fresco/framework/config`: what a fresco.config.ts imports.
export { defineConfig } from '../config/define-config.js'
export type { CacheHandlerOption, FrescoConfig, ResolvedConfig } from '../config/types.js'
