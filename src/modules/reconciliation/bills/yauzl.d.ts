/**
 * The part of yauzl 2.10's API the Alipay bill reader uses (no @types/yauzl in the project). See
 * node_modules/yauzl/README.md.
 */
declare module "yauzl" {
  import type { EventEmitter } from "node:events"
  import type { Readable } from "node:stream"

  export interface Options {
    autoClose?: boolean
    lazyEntries?: boolean
    decodeStrings?: boolean
    validateEntrySizes?: boolean
    strictFileNames?: boolean
  }

  export interface Entry {
    /** a Buffer when opened with decodeStrings: false */
    fileName: string | Buffer
    generalPurposeBitFlag: number
    compressionMethod: number
    compressedSize: number
    uncompressedSize: number
    isEncrypted(): boolean
  }

  export interface ZipFile extends EventEmitter {
    entryCount: number
    readEntry(): void
    openReadStream(entry: Entry, callback: (err: Error | null, stream: Readable) => void): void
    close(): void
  }

  export function fromBuffer(buffer: Buffer, options: Options, callback: (err: Error | null, zipfile: ZipFile) => void): void
}
