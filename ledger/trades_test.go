package ledger

import (
	"reflect"
	"strings"
	"testing"
)

func TestLookupTrade(t *testing.T) {
	cases := map[string]TradeCode{
		"电焊工": TradeWelder, "焊工": TradeWelder, "Welder": TradeWelder, " 电 焊 工 ": TradeWelder, "270": TradeWelder, "0270": TradeWelder,
		"架子工": TradeScaffolder, "scaffolder": TradeScaffolder, "030": TradeScaffolder,
		"塔吊司机": TradeTowerCraneDriver, "信号司索工": TradeCraneSignaller, "施工升降机司机": TradeHoistDriver,
		"爆破工": TradeBlaster, "高处作业吊篮安装工": TradePlatformInstall, "钢筋工": "020", "普工": "390", "其他": "1000",
		"挖机司机": "150", "": "", "钢筋班长": "", "welding": "", "27": "",
	}
	for text, want := range cases {
		got, ok := LookupTrade(text)
		if got.Code != want || ok != (want != "") {
			t.Errorf("LookupTrade(%q) = %q %v, want %q", text, got.Code, ok, want)
		}
	}
	// Every code, name and alias finds its own entry: no alias is claimed twice.
	for _, tr := range tradeDictionary {
		for _, w := range append([]string{string(tr.Code), tr.Name}, tr.Aliases...) {
			if got, _ := LookupTrade(w); got.Code != tr.Code {
				t.Errorf("%q finds %q, want %q", w, got.Code, tr.Code)
			}
		}
	}
	if !IsTradeCode(TradeWelder) || IsTradeCode("电焊工") || IsTradeCode("999") || TradeName(TradeHoistDriver) != "施工升降机司机" {
		t.Error("IsTradeCode or TradeName is wrong")
	}
}

func TestJuvenileCheck(t *testing.T) {
	p := DefaultPolicy()
	on := NewDate(2026, 11, 1)
	id := func(birth string) ResidentID {
		r, ferr := CheckResidentID(CompleteResidentID("110105"+birth+"001"), on)
		if ferr != nil {
			t.Fatal(ferr)
		}
		return r
	}
	seventeen, sixteen, eighteen := id("20090101"), id("20101101"), id("20081101")
	cases := []struct {
		name    string
		id      ResidentID
		trade   string
		refused bool
		health  bool
	}{
		{"17, welder", seventeen, "焊工", true, false},
		{"16 today, scaffolder", sixteen, "架子工", true, false},
		{"17, tower-crane driver", seventeen, "塔式起重机司机", true, false},
		{"17, signaller", seventeen, "信号司索工", true, false},
		{"17, hoist driver", seventeen, "施工升降机司机", true, false},
		{"17, blaster", seventeen, "爆破工", true, false},
		{"17, suspended-platform installer", seventeen, "高处作业吊篮安装工", true, false},
		{"17, rebar worker", seventeen, "钢筋工", false, true},
		{"17, a trade the dictionary does not know", seventeen, "钢筋班长", false, true},
		{"18 today, welder", eighteen, "电焊工", false, false},
	}
	for _, c := range cases {
		tr, _ := LookupTrade(c.trade)
		f, health := p.JuvenileCheck(c.id, c.trade, tr.Code, on)
		if (f != nil) != c.refused || (health.Key != "") != c.health {
			t.Errorf("%s: refusal %v, warning %q", c.name, f, health)
			continue
		}
		if f != nil && (f.Code != string(RefuseJuvenileTrade) || f.Field != "trade" || !strings.Contains(f.Message, c.trade)) {
			t.Errorf("%s: %+v", c.name, f)
		}
	}
}

// The national list of trades forbidden under 18 is a minimum (DOMAIN:
// "at least"): a policy file may add trades, never leave one out (issue 11,
// item 10: main let a file replace it with any subset, [] included).
func TestPolicyFileNamesJuvenileTrades(t *testing.T) {
	national := `"030","W01","170","W02","280","210","W03","270"`
	p, err := ParsePolicy([]byte(`{"juvenile_forbidden_trades":[` + national + `,"130"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := append(append([]TradeCode(nil), nationalJuvenileForbidden...), "130"); !reflect.DeepEqual(p.JuvenileForbiddenTrades, want) {
		t.Errorf("list %v, want %v", p.JuvenileForbiddenTrades, want)
	}
	for _, list := range []string{`["270","130"]`, `[]`, `[` + strings.Replace(national, `"210",`, "", 1) + `]`} {
		_, err := ParsePolicy([]byte(`{"juvenile_forbidden_trades":` + list + `}`))
		if err == nil || !strings.Contains(err.Error(), "juvenile_forbidden_trades leaves out") {
			t.Errorf("%s: %v", list, err)
		}
	}
	if _, err := ParsePolicy([]byte(`{"juvenile_forbidden_trades":["电焊工"]}`)); err == nil || !strings.Contains(err.Error(), "not a trade code") {
		t.Errorf("a trade name instead of a code: %v", err)
	}
	if p, err := ParsePolicy([]byte(`{}`)); err != nil || len(p.JuvenileForbiddenTrades) != 8 {
		t.Errorf("no list in the file keeps the default: %v %v", p, err)
	}
}

// A curtain-wall installer is forbidden under 18 (DOMAIN), and a trade
// written with a bracketed qualifier is the trade (issue 11, item 10).
func TestJuvenileTradesQualifiersAndCurtainWalls(t *testing.T) {
	p := DefaultPolicy()
	juvenile, _ := CheckResidentID(CompleteResidentID("11010520090101001"), NewDate(2026, 1, 2))
	on := NewDate(2026, 1, 2)
	for text, code := range map[string]TradeCode{"幕墙安装工": TradeCurtainWall, "curtain wall installer": TradeCurtainWall, "电焊工(二级)": TradeWelder,
		"架子工（外架）": TradeScaffolder, "焊工 (持证)": TradeWelder, "高处作业吊篮安装工【临时】": TradePlatformInstall} {
		tr, ok := LookupTrade(text)
		if !ok || tr.Code != code {
			t.Errorf("LookupTrade(%q) = %v %v, want %s", text, tr, ok, code)
			continue
		}
		if f, _ := p.JuvenileCheck(juvenile, text, tr.Code, on); f == nil || !strings.Contains(f.Message, text) {
			t.Errorf("a juvenile %s: %v", text, f)
		}
	}
	if tr, ok := LookupTrade("钢筋工(二级"); ok {
		t.Errorf("an unclosed bracket is no qualifier: %v", tr)
	}
}

func TestDecideEnrolmentsJuvenile(t *testing.T) {
	juvenile, _ := CheckResidentID(CompleteResidentID("11010520090101001"), NewDate(2026, 1, 2)) // 17 on the entry day
	welder, rebar, unknown := enrolee(5, "A", "org_gc", nil), enrolee(6, "B", "org_gc", nil), enrolee(7, "C", "org_gc", nil)
	welder.Worker.ID, welder.Worker.Trade, welder.Worker.TradeCode = juvenile, "焊工", TradeWelder
	rebar.Worker.ID = juvenile
	unknown.Worker.Trade, unknown.Worker.TradeCode = "钢筋班长", ""
	facts := EnrolmentFacts{}
	_, err := DecideEnrolments([]Enrolee{welder, rebar, unknown}, facts, DefaultPolicy(), "110105")
	if got := ErrorFields(err); len(got) != 1 || got[0].Row != 5 || got[0].Code != string(RefuseJuvenileTrade) {
		t.Fatalf("a juvenile welder: %v", err)
	}
	ds, err := DecideEnrolments([]Enrolee{rebar, unknown}, facts, DefaultPolicy(), "110105")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds[0].Warnings) != 1 || !strings.Contains(ds[0].Warnings[0].String(), "health check") {
		t.Errorf("a juvenile rebar worker: %q", ds[0].Warnings)
	}
	if len(ds[1].Warnings) != 1 || !strings.Contains(ds[1].Warnings[0].String(), `"钢筋班长" is not in the trade dictionary`) {
		t.Errorf("an unknown trade: %q", ds[1].Warnings)
	}
}
