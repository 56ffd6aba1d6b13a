export { type App, type BuildResult, createApp, fixture, type Server, startIn, startServer } from './app.js'
export { type Cms, type CmsStats, type Post, startCms } from './cms.js'
export { actionId, formBody, type ParsedForm, readForm } from './forms.js'
export {
  freePort,
  type Got,
  get,
  poll,
  type RawResponse,
  rawGet,
  rawHttp,
  rawUpload,
  sleep,
  type Upload,
} from './http.js'
export {
  packagesHash,
  packPackage,
  packTarballs,
  repoRoot,
  type Tarballs,
  tarballFiles,
  workDir,
} from './pack.js'
export { type Proc, runProc, spawnProc, threadNiceValues } from './processes.js'
export { parseMetrics, type Sample, sampleValue } from './prometheus.js'
export { startUpstream, type Upstream } from './upstream.js'
