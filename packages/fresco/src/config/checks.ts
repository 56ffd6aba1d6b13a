// What every config reader (resolve.ts and the files of its keys) validates with, defined once:
// `Bad` makes the error that names the key, the value and what to write; `CheckKeys` refuses an
// unknown key with a did-you-mean; `isRecord` tells an object of keys from an array or a value.

export type Bad = (key: string, value: unknown, allowed: string) => Error

export type CheckKeys = (prefix: string, obj: Record<string, unknown>, allowed: readonly string[]) => void

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
