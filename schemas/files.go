package schemas

import _ "embed"

// OpenAPI is the HTTP API's description, served at /api/v1/openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte
