// A render error as the server logs it. Fresco's own errors (`[fresco] …`, e.g. an unsupported
// next/* import met by `fresco dev` while loading a module) already say where and what to do: logged
// as that one message, not under the bundler's stack and the module runner's properties.
import type { Logger } from '@fresco/cache'

export function logRenderError(logger: Logger, pathname: string, error: unknown): void {
  // By message, not instanceof: Vite's module runner hands the error over as a plain Error copy.
  const own = error instanceof Error && error.message.startsWith('[fresco] ')
  logger.error(`Error rendering ${pathname}:`, own ? error.message : error)
}
