// What the sampler runs: collectors that each return some series values (keys of src/shared/series.ts).

export type SeriesValues = Record<string, number>

export interface Collector {
  /** For log lines: "procfs", "file systems", "GPU". */
  name: string
  /** A new object at every call: the fast tier's becomes the sample's values (the sampler rounds it in place). */
  collect(): Promise<SeriesValues>
  /** Releases what the collector keeps open between collections (file descriptors); the sampler's dispose calls it. */
  dispose?(): void
}
