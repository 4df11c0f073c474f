/** Output formats of `export` and `sql`: shared by the CLI's option parsing and the commands, with no imports. */
export const EXPORT_FORMATS = ['csv', 'json', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
