// A stand-in for a Web class instance (lazy-request.ts, NextResponse.next() in next-server.ts): an
// object that is an instance of the class to `instanceof` — its prototype chain is the class's —
// without having run its constructor, because that costs more than the request it serves. It
// answers the cheap members itself; every other accessor and method of the native prototype builds
// the real object and reads it there. The members are read from the native prototype when the
// module loads, so one a newer Node adds (`bytes()` came in Node 20.16) is forwarded too instead of
// failing the native brand check on an object without the native's internal state.

/**
 * Make instances of `lazy` pass for instances of `as` (a subclass of `native`): prototype chain,
 * `constructor`, and every member of `native.prototype` that `lazy` does not define forwarded to
 * `real(this)`, methods called with the real object as `this` (natives check it).
 */
export function standIn<T extends object>(
  lazy: { prototype: object },
  as: { prototype: object },
  native: { prototype: object },
  real: (self: never) => T,
): void {
  const proto = lazy.prototype
  Object.setPrototypeOf(proto, as.prototype)
  // `new x.constructor(…)` (a copy) makes a real one.
  Object.defineProperty(proto, 'constructor', { value: as, writable: true, configurable: true })
  const own = new Set(Reflect.ownKeys(proto))
  const descriptors = Object.getOwnPropertyDescriptors(native.prototype)
  for (const key of Reflect.ownKeys(descriptors)) {
    if (own.has(key)) continue
    const d = descriptors[key as keyof typeof descriptors] as PropertyDescriptor
    if (d.get) {
      const get = d.get
      Object.defineProperty(proto, key, {
        get(this: never) {
          return get.call(real(this))
        },
        configurable: true,
      })
    } else if (typeof d.value === 'function') {
      const method = d.value as (...args: unknown[]) => unknown
      Object.defineProperty(proto, key, {
        value(this: never, ...args: unknown[]) {
          return method.apply(real(this), args)
        },
        writable: true,
        configurable: true,
      })
    }
  }
}
