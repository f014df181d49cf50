// Package schemas embeds the SQL migrations (one folder per dialect, with the
// same numbered names) and the documented file formats.
package schemas

import "embed"

// Migrations holds postgres/*.sql and sqlite/*.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var Migrations embed.FS
