// The store's reading and "newest version wins" rule live in src/store/versions.ts; the report
// keeps these names for its callers.
export {
  applySupersedes,
  readQuarterRecords,
  readStoreVersions,
  type QuarterRecords,
  type ReadStoreOptions,
  type ReadStoreResult,
  type RecordVersion,
  type WarnLogger,
} from "../store/versions.js";
