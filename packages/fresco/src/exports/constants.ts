// @fresco/framework/constants (next/constants): the phase names a next.config / fresco.config function receives.
export * from '../config/next-phases.js'
