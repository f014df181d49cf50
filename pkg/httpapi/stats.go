package httpapi

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/statsfile"
)

// workforceStats serves GET /stats/workforce?region=&period=&group_by=&format=:
// JSON, or the same figures as CSV or XLSX (format=csv|xlsx, or Accept).
func (s *Server) workforceStats(c *gin.Context) {
	q, format, err := s.statsQuery(c)
	if err != nil {
		writeError(c, err)
		return
	}
	r, err := s.svc.WorkforceStats(c.Request.Context(), q)
	if err != nil {
		writeError(c, err)
		return
	}
	if format == "json" {
		c.JSON(http.StatusOK, workforceStatsOf(r))
		return
	}
	var b bytes.Buffer
	write, typ := statsfile.WriteCSV, "text/csv; charset=utf-8"
	if format == "xlsx" {
		write, typ = statsfile.WriteXLSX, xlsxType
	}
	if err := write(&b, r); err != nil {
		writeError(c, err)
		return
	}
	name := "workforce-" + r.Period.String()
	if r.RegionCode != "" {
		name += "-" + r.RegionCode
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	c.Data(http.StatusOK, typ, b.Bytes())
}

// statsQuery reads the query string: the period defaults to the current
// month (Asia/Shanghai), the groupings to all of them.
func (s *Server) statsQuery(c *gin.Context) (service.WorkforceStatsQuery, string, error) {
	var v ledger.Validation
	q := service.WorkforceStatsQuery{RegionCode: strings.TrimSpace(c.Query("region")), Period: ledger.DateOf(s.svc.DB.Now()).Period()}
	if p := c.Query("period"); p != "" {
		period, err := ledger.ParsePeriod(p)
		if err != nil {
			v.Add("period", "invalid", "period must be a month written YYYY-MM, like 2026-10")
		}
		q.Period = period
	}
	if q.RegionCode != "" && ledger.CheckRegionCode(q.RegionCode) != nil {
		v.Add("region", "invalid", "region must be a six-digit division code, like 110111")
	}
	groupings, err := ledger.ParseStatsGroupings(c.Query("group_by"))
	if err != nil {
		v.Add("group_by", "unknown", "group_by must be a comma-separated list of age_band, sex, origin_province, origin_prefecture, trade, employer, project, category")
	}
	q.Groupings = groupings
	format := c.Query("format")
	if format == "" {
		switch accept := c.GetHeader("Accept"); {
		case strings.Contains(accept, xlsxType):
			format = "xlsx"
		case strings.Contains(accept, "text/csv"):
			format = "csv"
		}
	}
	switch format {
	case "", "json":
		format = "json"
	case "csv", "xlsx":
	default:
		v.Add("format", "unknown", "format must be json, csv or xlsx")
	}
	return q, format, v.Err("bad statistics query")
}
