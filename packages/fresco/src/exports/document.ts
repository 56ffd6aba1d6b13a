// @fresco/framework/document (next/document): the building blocks of pages/_document.
export type {
  DocumentContextArg as DocumentContext,
  DocumentInitialProps,
} from '../runtime/pages/document.js'
export { default, Head, Html, Main, NextScript } from '../runtime/pages/document.js'
