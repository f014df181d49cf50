package ledger

import (
	"reflect"
	"strings"
	"testing"
)

func enrolee(row int, person, employer string, bank *Organization) Enrolee {
	id, _ := CheckResidentID("11010519491231002X", NewDate(2026, 1, 1))
	return Enrolee{Row: row, Worker: CheckedWorker{Name: "张三", ID: id, EmployerID: employer, Trade: "钢筋工", TradeCode: "020", EnteredOn: NewDate(2026, 1, 2)},
		BankRef: "ICBC", Bank: bank, Person: person, Card: "card-" + person, IDMasked: "1101**********002X", CardMasked: "6222 **** **** 0001"}
}

// Every caller × employer × bank pair of one row, on an active project.
func TestCheckEnrolees(t *testing.T) {
	p := &Project{Code: "P1", Status: ProjectActive, GeneralContractorID: "org_gc", SubcontractorIDs: []string{"org_sub"}}
	bank := &Organization{ID: "org_bank", Name: "工行", Kind: OrgBank}
	notBank := &Organization{ID: "org_gc", Name: "总包", Kind: OrgGeneralContractor}
	employers := map[string]string{"": "employer_id:required", "org_gc": "", "org_sub": "", "org_other": "employer_id:not_on_project"}
	banks := map[string]*Organization{"": bank, "bank_id:not_a_bank": nil, "bank_id:not_a_bank ": notBank}
	for _, only := range []string{"", "org_sub"} {
		for employer, employerCode := range employers {
			for bankCode, b := range banks {
				err := CheckEnrolees(p, only, []Enrolee{enrolee(4, "A", employer, b)})
				forbidden := only != "" && employer != "" && employer != only
				if forbidden {
					if ErrorCode(err) != EForbidden || !strings.Contains(err.Error(), "row 4") {
						t.Errorf("%q naming %q: %v, want forbidden naming the row", only, employer, err)
					}
					continue
				}
				want := []string{}
				for _, c := range []string{employerCode, strings.TrimSpace(bankCode)} {
					if c != "" {
						want = append(want, c)
					}
				}
				got := codes(ErrorFields(err))
				if !reflect.DeepEqual(got, want) || (len(want) > 0) != (ErrorCode(err) == EInvalid) {
					t.Errorf("%q naming %q with bank %v: %v (%v), want %v", only, employer, b, got, err, want)
				}
				for _, f := range ErrorFields(err) {
					if f.Row != 4 {
						t.Errorf("%+v does not name row 4", f)
					}
				}
			}
		}
	}
}

func TestCheckEnroleesBatch(t *testing.T) {
	p := &Project{Code: "P1", Status: ProjectActive, GeneralContractorID: "org_gc"}
	bank := &Organization{ID: "org_bank", Kind: OrgBank}
	err := CheckEnrolees(p, "", []Enrolee{enrolee(2, "A", "org_gc", bank), enrolee(3, "B", "org_gc", bank), enrolee(4, "A", "org_gc", bank)})
	if f := ErrorFields(err); len(f) != 1 || f[0].Row != 4 || f[0].Code != string(RefuseDuplicate) || !strings.Contains(f[0].Message, "row 2") {
		t.Errorf("duplicate person: %v", err)
	}
	done := NewDate(2026, 3, 1)
	p.Status, p.CompletedOn = ProjectCompleted, &done
	if err := CheckEnrolees(p, "", []Enrolee{enrolee(2, "A", "org_gc", bank)}); ErrorCode(err) != EConflict {
		t.Errorf("completed project: %v, want a conflict", err)
	}
}

// Every registry state of a person against the name on the row.
func TestDecideEnrolmentsPeople(t *testing.T) {
	cases := []struct {
		name     string
		known    *RegisteredPerson
		open     bool
		rowName  string
		want     []string
		workerID string
	}{
		{"new person", nil, false, "张三", nil, ""},
		{"registered, same name (re-entry)", &RegisteredPerson{"wkr_1", "张三"}, false, "张三", nil, "wkr_1"},
		{"registered, other name", &RegisteredPerson{"wkr_1", "李四"}, false, "张三", []string{"name:name_mismatch"}, ""},
		{"still enrolled", &RegisteredPerson{"wkr_1", "张三"}, true, "张三", []string{"id_number:already_enrolled"}, ""},
		{"still enrolled, other name", &RegisteredPerson{"wkr_1", "李四"}, true, "张三", []string{"name:name_mismatch", "id_number:already_enrolled"}, ""},
	}
	for _, c := range cases {
		f := EnrolmentFacts{People: map[string]RegisteredPerson{}, Open: map[string]OpenEnrolment{}}
		if c.known != nil {
			f.People["A"] = *c.known
			if c.open {
				f.Open[c.known.WorkerID] = OpenEnrolment{ID: "enr_old", EnteredOn: NewDate(2025, 5, 1)}
			}
		}
		e := enrolee(7, "A", "org_gc", nil)
		e.Worker.Name = c.rowName
		ds, err := DecideEnrolments([]Enrolee{e}, f, DefaultPolicy(), "110105")
		if got := codes(ErrorFields(err)); len(c.want) > 0 && !reflect.DeepEqual(got, c.want) || len(c.want) == 0 && err != nil {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
			continue
		}
		if err != nil {
			for _, fe := range ErrorFields(err) {
				if fe.Row != 7 || strings.Contains(fe.Message, "11010519491231002X") {
					t.Errorf("%s: %+v wants row 7 and a masked number", c.name, fe)
				}
			}
			continue
		}
		if ds[0].WorkerID != c.workerID {
			t.Errorf("%s: worker %q, want %q", c.name, ds[0].WorkerID, c.workerID)
		}
	}
}

// A card shared with an enrolment on record or another row warns; the
// worker's own card does not; age rules of the region warn.
func TestDecideEnrolmentsWarnings(t *testing.T) {
	a, b, c := enrolee(2, "A", "org_gc", nil), enrolee(3, "B", "org_gc", nil), enrolee(4, "C", "org_gc", nil)
	b.Worker.Name, c.Worker.Name = "李四", "王五"
	b.Card = a.Card // two rows, one card
	f := EnrolmentFacts{
		People: map[string]RegisteredPerson{"C": {"wkr_c", "王五"}},
		Cards: map[string][]CardHolder{
			"card-C": {{EnrolmentID: "enr_c_other_project_row", WorkerID: "wkr_c", Name: "王五"}},
			"card-A": {{EnrolmentID: "enr_x", WorkerID: "wkr_x", Name: "赵六"}},
		},
	}
	ds, err := DecideEnrolments([]Enrolee{a, b, c}, f, DefaultPolicy(), "110105")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"bank card 6222 **** **** 0001 is also registered to enr_x (赵六), 李四 (row 3): wages must go to each worker's own card"},
		{"bank card 6222 **** **** 0001 is also registered to enr_x (赵六), 张三 (row 2): wages must go to each worker's own card"},
		nil, // the card's holder is the worker themself
	}
	for i := range want {
		if !reflect.DeepEqual(Strings(ds[i].Warnings), want[i]) {
			t.Errorf("row %d: %q, want %q", i+2, ds[i].Warnings, want[i])
		}
	}
	// A subcontractor is not told which other employer's worker holds
	// the card, only that it is shared; its own workers are named.
	f.Cards["card-A"] = append(f.Cards["card-A"], CardHolder{EnrolmentID: "enr_own", WorkerID: "wkr_own", Name: "钱七", EmployerID: "org_sub"})
	f.Cards["card-A"][0].EmployerID = "org_peer"
	f.Viewer = "org_sub"
	ds, err = DecideEnrolments([]Enrolee{a}, f, DefaultPolicy(), "110105")
	if err != nil {
		t.Fatal(err)
	}
	if w := "bank card 6222 **** **** 0001 is also registered to enr_own (钱七) and to another worker of the project: wages must go to each worker's own card"; len(ds[0].Warnings) != 1 || ds[0].Warnings[0].String() != w {
		t.Errorf("subcontractor's warning: %q, want %q", ds[0].Warnings, w)
	}
	f.Viewer = ""
	ds, _ = DecideEnrolments([]Enrolee{a}, f, DefaultPolicy(), "110105")
	if len(ds[0].Warnings) != 1 || !strings.Contains(ds[0].Warnings[0].String(), "enr_x (赵六)") {
		t.Errorf("general contractor's warning: %q", ds[0].Warnings)
	}
	// Shanghai allows no woman over 50 on site: the worker born 1949 is 76.
	ds, err = DecideEnrolments([]Enrolee{a}, EnrolmentFacts{}, DefaultPolicy(), "310000")
	if err != nil || len(ds[0].Warnings) != 1 || !strings.Contains(ds[0].Warnings[0].String(), "over 50") {
		t.Errorf("age warning: %q, %v", ds[0].Warnings, err)
	}
}
