package bankfile

import (
	"strings"
	"testing"
)

// Every code of exchange-formats.md §6.3, per bank.
func TestStatusTables(t *testing.T) {
	cases := map[string]map[string]Outcome{
		"102": {
			"0": OutcomePending, "1": OutcomePending, "2": OutcomePending, "3": OutcomePending, "4": OutcomePending, "5": OutcomePending,
			"6": OutcomeFailed, "7": OutcomePaid, "8": OutcomeFailed, "9": OutcomePending, "10": OutcomePending, "11": OutcomeFailed,
			"B0116": OutcomeUncertain, "b0116": OutcomeUncertain, " 7 ": OutcomePaid,
			"处理成功": OutcomePaid, "被银行拒绝": OutcomeFailed, "预约取消": OutcomeFailed, "等待授权": OutcomePending,
			"S": OutcomeUnknown, "R": OutcomeUnknown, "12": OutcomeUnknown, // CMB's letters mean nothing at ICBC
		},
		"308": {
			"A": OutcomePending, "E": OutcomeFailed, "S": OutcomePaid, "s": OutcomePaid,
			"F": OutcomeFailed, "R": OutcomeFailed, "D": OutcomeFailed, "C": OutcomeFailed,
			"AUT": OutcomePending, "NTE": OutcomePending, "BNK": OutcomePending, "OPR": OutcomePending, "APW": OutcomePending,
			"WRF": OutcomeUncertain, "FIN": OutcomeUncertain, "NTAGDRFD": OutcomeReturned,
			"否决": OutcomeFailed, "撤销": OutcomeFailed, "过期": OutcomeFailed, "可疑": OutcomeUncertain,
			"7": OutcomeUnknown, "6": OutcomeUnknown, // ICBC's digits mean nothing at CMB
		},
		// A bank without a table of its own: the generic words only.
		"105": {"S": OutcomeUnknown, "7": OutcomeUnknown, "R": OutcomeUnknown, "成功": OutcomePaid},
		// No bank code: the generic words only, never one bank's codes in
		// another's file (issue 11: no shared word list).
		"": {"7": OutcomeUnknown, "6": OutcomeUnknown, "S": OutcomeUnknown, "R": OutcomeUnknown, "WRF": OutcomeUnknown, "0": OutcomeUnknown, "lost": OutcomeUnknown, "成功": OutcomePaid},
	}
	words := map[string]Outcome{
		"paid": OutcomePaid, "PAID": OutcomePaid, "success": OutcomePaid, "成功": OutcomePaid, "已入账": OutcomePaid,
		"failed": OutcomeFailed, "fail": OutcomeFailed, "失败": OutcomeFailed,
		"returned": OutcomeReturned, "退票": OutcomeReturned, "退汇": OutcomeReturned,
		"pending": OutcomePending, "uncertain": OutcomeUncertain, "": OutcomeUnknown, "lost": OutcomeUnknown,
	}
	for bank, codes := range cases {
		tab, err := StatusTableFor(bank)
		if err != nil {
			t.Fatalf("bank %q: %v", bank, err)
		}
		for code, want := range codes {
			if got := tab.Read(code); got.Outcome != want || got.Code != strings.TrimSpace(code) {
				t.Errorf("bank %q: Read(%q) = %+v, want %s", bank, code, got, want)
			}
		}
		for w, want := range words {
			if got := tab.Read(w); got.Outcome != want {
				t.Errorf("bank %q: Read(%q) = %+v, want %s", bank, w, got, want)
			}
		}
	}
	// Names select the same tables as codes.
	for name, code := range map[string]string{"ICBC": "102", "cmb": "308", " 308 ": "308"} {
		if tab, err := StatusTableFor(name); err != nil || tab.BankCode != code {
			t.Errorf("StatusTableFor(%q) = %+v, %v", name, tab, err)
		}
	}
	if tab, _ := StatusTableFor("308"); tab.Read("R").Meaning != "否决" {
		t.Errorf("the bank's own name of a code is not kept: %+v", tab.Read("R"))
	}
	for _, bad := range []string{"12", "abc", "1020"} {
		if _, err := StatusTableFor(bad); err == nil || !strings.Contains(err.Error(), "bank_code") {
			t.Errorf("StatusTableFor(%q) = %v", bad, err)
		}
	}
	for _, o := range []Outcome{OutcomePaid, OutcomeFailed, OutcomeReturned} {
		if !o.Final() {
			t.Errorf("%s is not final", o)
		}
	}
	for _, o := range []Outcome{OutcomePending, OutcomeUncertain, OutcomeUnknown} {
		if o.Final() {
			t.Errorf("%s is final", o)
		}
	}
}

// Two banks that give one code different meanings cannot be combined.
func TestCombinedTableRefusesCollisions(t *testing.T) {
	_, err := newTable("", "test", map[string]statusCode{"R": {OutcomeFailed, ""}}, map[string]statusCode{"r": {OutcomeReturned, ""}})
	if err == nil || !strings.Contains(err.Error(), `"r" means failed and returned`) {
		t.Errorf("collision: %v", err)
	}
}
