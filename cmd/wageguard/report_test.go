package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The monthly district report: a workbook of the region's projects (the
// counts themselves are tested through the API, pkg/httpapi/stats_test.go).
func TestReportCommand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := service.WithCaller(context.Background(), service.System)
		svc := service.New(db, nil)
		var ids []string
		for i, kind := range []ledger.OrgKind{ledger.OrgOwner, ledger.OrgGeneralContractor, ledger.OrgBank} {
			o, err := svc.CreateOrganization(ctx, ledger.Organization{Name: string(kind), Kind: kind, RegionCode: "110111",
				USCC: []string{"91350100M000100Y43", "91110000600037341L", "91310115MA1K3BTP2B"}[i]})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
		}
		for i, region := range []string{"110111", "110106"} {
			if _, err := svc.CreateProject(ctx, ledger.Project{Code: "RPT-" + region, Name: "报表", RegionCode: region, OwnerID: ids[0],
				GeneralContractorID: ids[1], ContractAmount: ledger.MustMoney("1000000"), StartedOn: ledger.NewDate(2026, 1, 6),
				PlannedCompletionOn: ledger.NewDate(2027, 1, 1), PayDay: 15, LabourCostCycle: ledger.Monthly, Category: "02",
				WageAccount: ledger.WageAccountRef{BankID: ids[2], AccountNo: "11001234567" + string(rune('0'+i))}}); err != nil {
				t.Fatal(err)
			}
		}
		env := map[string]string{"WAGEGUARD_DATABASE_URL": db.URL()}
		out := filepath.Join(t.TempDir(), "房山2026-10.xlsx")
		code, stdout, stderr := run(t, env, "report", "--region", "110111", "--period", "2026-10", "--out", out)
		if code != 0 || !strings.Contains(stdout, ", 1 project, ") {
			t.Fatalf("report: %d\n%s\n%s", code, stdout, stderr)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if sheets := f.GetSheetList(); len(sheets) != 9 || sheets[0] != "概况" || sheets[8] != "项目类别" {
			t.Errorf("sheets: %v", sheets)
		}
		if v, _ := f.GetCellValue("概况", "B3"); v != "110111 房山区" {
			t.Errorf("region: %q", v)
		}
		// The file is not overwritten; a bad period or file name is a usage error.
		if code, _, stderr = run(t, env, "report", "--region", "110111", "--period", "2026-10", "--out", out); code == 0 || !strings.Contains(stderr, "exists") {
			t.Errorf("overwrite: %d %s", code, stderr)
		}
		for _, args := range [][]string{{"--period", "2026-13", "--out", out + ".csv"}, {"--period", "2026-10", "--out", out + ".pdf"}} {
			if code, _, _ = run(t, env, append([]string{"report"}, args...)...); code != exitUsage {
				t.Errorf("report %v: %d", args, code)
			}
		}
		csvOut := filepath.Join(t.TempDir(), "r.csv")
		if code, _, stderr = run(t, env, "report", "--period", "2026-10", "--out", csvOut); code != 0 {
			t.Fatalf("csv: %d %s", code, stderr)
		}
		if b, _ := os.ReadFile(csvOut); !strings.HasPrefix(string(b), "\ufeff分组方式,组别,代码,登记人数") {
			t.Errorf("csv: %s", b)
		}
	})
}
