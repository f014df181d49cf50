package httpapi_test

import (
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestSizingSourcesInTheReadersLanguage: each step of a guarantee's sizing
// says where its value came from in the language Accept-Language asks for,
// Chinese by default: the national default with the rule it cites, a policy
// file's entry (its source as the operator wrote it), or wageguard's own
// records for a part of the contractor's record it could not check.
func TestSizingSourcesInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHebei(t, db)
		// Shanghai has no entry in the example file: the national 1%.
		shanghai := h.must(201, "POST", "/api/v1/projects", h.admin, projectBody("SH-"+itoa(nextSeq()), "310115",
			h.org(ledger.OrgOwner, "310115"), h.org(ledger.OrgGeneralContractor, "310115"), h.org(ledger.OrgBank, "310100"))).str(t, "id")
		sources := func(project, lang string) map[string]string {
			t.Helper()
			out := map[string]string{}
			for _, st := range h.must(200, "GET", "/api/v1/projects/"+project+"/guarantee", h.admin, nil, "Accept-Language", lang).json(t)["explanation"].([]any) {
				st := st.(map[string]any)
				out[st["rule"].(string)] = st["source"].(string)
			}
			return out
		}
		for _, c := range []struct {
			lang, national, file, records string
		}{
			{"", // no language asked for: Chinese
				"全国默认值（人社部发〔2021〕65号 第五条：合同金额的 1%–3%；全国默认值取该范围的下限）",
				"政策文件，130000 自 2022-01-01 起（河北省 example (DOMAIN.md: Hebei 2%); replace with the notice in force）",
				"本系统的记录"},
			{"en",
				"national default (人社部发〔2021〕65号 Art. 5: 1%–3% of the contract amount; the national default is the floor of the range)",
				"policy file, 130000 from 2022-01-01 (河北省 example (DOMAIN.md: Hebei 2%); replace with the notice in force)",
				"wageguard's own records"},
		} {
			sh, hb := sources(shanghai, c.lang), sources(h.project, c.lang)
			if sh["base"] != c.national {
				t.Errorf("%q: the national base rate's source is %q, want %q", c.lang, sh["base"], c.national)
			}
			if hb["base"] != c.file {
				t.Errorf("%q: Hebei's base rate's source is %q, want %q", c.lang, hb["base"], c.file)
			}
			if sh["record_unavailable"] != c.records || hb["record_unavailable"] != c.records {
				t.Errorf("%q: an unchecked record's source is %q and %q, want %q", c.lang, sh["record_unavailable"], hb["record_unavailable"], c.records)
			}
			for rule, s := range sh {
				if p := sourceProblem(c.lang, s); p != "" {
					t.Errorf("%q, %s: %s: %q", c.lang, rule, p, s)
				}
			}
		}
	})
}
