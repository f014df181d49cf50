// Package payrollfile reads the tabular files contractors upload (worker
// registers, attendance, payrolls) from CSV (UTF-8 with or without BOM, or
// GBK), XLSX (first sheet) or JSON, row by row, without loading the whole
// file. Columns are found by their English field names or the usual Chinese
// headings, even below a title row; every value comes back as trimmed text
// with its row number, and validation is the caller's separate step.
package payrollfile
