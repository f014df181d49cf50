// Package ledger is wageguard's domain: money in fen, identifiers, error codes,
// accounts, double-entry entries and the audit record's hash. It is pure Go: no
// database, HTTP or driver package is imported here, so every rule can be
// table-tested without I/O.
package ledger
