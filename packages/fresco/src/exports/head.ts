// @fresco/framework/head (next/head): elements for the document's <head> from a Pages Router page.
export { default } from '../runtime/pages/head.js'
