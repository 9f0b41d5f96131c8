import type { Cell } from "../format"

/** A column of an export file: its header (in the export's language) and the type of its cells. */
export type Column = { key: string; header: string; type: "text" | "int" | "money" | "datetime" | "bool" }

/** What the file says about itself (a PDF prints it under its title; CSV and XLSX keep it out of the table). */
export type ExportMeta = { title: string; lines: string[]; locale: "en" | "zh" }

/**
 * A streaming file writer: rows go out as they come (back-pressure respected: `addRows` resolves when the
 * destination can take more), `end` flushes and closes, `abort` stops without finishing the file.
 */
export interface ExportWriter {
  /** `extras`: per row, more properties for formats that nest (the backup's items) */
  addRows(rows: Cell[][], extras?: Array<Record<string, unknown>>): Promise<void>
  end(): Promise<void>
  abort(error?: Error): void
}
