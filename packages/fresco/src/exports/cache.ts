// @fresco/framework/cache — next/cache compatible: data cache, on-demand revalidation, opting out.
export type { FrescoFetchRequestConfig, NextFetchRequestConfig } from '../runtime/data/fetch-types.js'
export { connection, unstable_noStore } from '../runtime/data/no-store.js'
export { refresh } from '../runtime/data/refresh.js'
export {
  PROFILE_EXPIRE,
  type RevalidateProfile,
  revalidatePath,
  revalidateTag,
  updateTag,
} from '../runtime/data/revalidate.js'
export { type UnstableCacheOptions, unstable_cache } from '../runtime/data/unstable-cache.js'
