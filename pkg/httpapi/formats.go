package httpapi

import (
	"bytes"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/payrollfile"
)

// xlsxType is the content type of an XLSX workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Server) listFormats(c *gin.Context) {
	c.JSON(http.StatusOK, localized(c, formatsOf(payrollfile.Schemas)))
}

// formatTemplate answers an empty file of a kind, Chinese headings, as XLSX
// or CSV (the route says which).
func (s *Server) formatTemplate(xlsx bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		schema := payrollfile.SchemaOf(c.Param("kind"))
		if schema == nil {
			writeError(c, ledger.Errorf(ledger.ENotFound, "there is no file kind %q: GET /api/v1/formats lists them", c.Param("kind")))
			return
		}
		var b bytes.Buffer
		write, typ, ext := schema.WriteTemplateCSV, "text/csv; charset=utf-8", ".csv"
		if xlsx {
			write, typ, ext = schema.WriteTemplateXLSX, xlsxType, ".xlsx"
		}
		if err := write(&b); err != nil {
			writeError(c, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="`+schema.Key+`-template`+ext+`"`)
		c.Data(http.StatusOK, typ, b.Bytes())
	}
}
