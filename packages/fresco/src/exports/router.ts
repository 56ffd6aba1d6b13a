// @fresco/framework/router (next/router): the Pages Router's router. In app/, use @fresco/framework/navigation.
import { singletonRouter } from '../runtime/pages/singleton.js'

export type { NextRouter, Query, RouterEvent } from '../runtime/pages/router-context.js'
export { useRouter } from '../runtime/pages/router-context.js'
export { withRouter } from '../runtime/pages/singleton.js'
export default singletonRouter
