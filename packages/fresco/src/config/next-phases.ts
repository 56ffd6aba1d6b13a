// The phase names a next.config / fresco.config function receives: the same strings as
// next/constants, so config code comparing against them behaves the same. exports/constants.ts
// re-exports them as next/constants; a CommonJS next.config's require('next/constants') gets them
// from here (config/load-cjs.ts).
export const PHASE_EXPORT = 'phase-export'
export const PHASE_ANALYZE = 'phase-analyze'
export const PHASE_PRODUCTION_BUILD = 'phase-production-build'
export const PHASE_PRODUCTION_SERVER = 'phase-production-server'
export const PHASE_DEVELOPMENT_SERVER = 'phase-development-server'
export const PHASE_TEST = 'phase-test'
export const PHASE_INFO = 'phase-info'
