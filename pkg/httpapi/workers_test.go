package httpapi_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// site is one project with a GC, a subcontractor and a bank, with keys.
type site struct {
	*env
	gc, sub, bank, project string
	gcKey, subKey          string
	// officer is the GC wage officer's own key: a payroll submitted with
	// gcKey is approved with it (four-eyes).
	officer string
}

func newSite(t *testing.T, db *store.DB, region string) *site {
	return newSiteOf(newEnv(t, db), region)
}

// newSiteOf is newSite on env e (whose own region, rg, may be region).
func newSiteOf(e *env, region string) *site {
	t := e.t
	s := &site{env: e}
	owner := e.org(ledger.OrgOwner, region)
	s.gc = e.org(ledger.OrgGeneralContractor, region)
	s.sub = e.org(ledger.OrgSubcontractor, region)
	s.bank = e.org(ledger.OrgBank, region)
	s.project = e.must(201, "POST", "/api/v1/projects", e.admin, projectBody("S-"+itoa(nextSeq()), region, owner, s.gc, s.bank)).str(t, "id")
	e.must(200, "POST", "/api/v1/projects/"+s.project+"/subcontractors", e.admin, map[string]string{"organization_id": s.sub})
	s.gcKey = e.key(s.gc, ledger.RoleContractor)
	s.subKey = e.key(s.sub, ledger.RoleContractor)
	s.officer = e.key(s.gc, ledger.RoleContractor)
	return s
}

func (s *site) path(rest string) string { return "/api/v1/projects/" + s.project + rest }

func TestRegisterWorkerRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "310115") // Shanghai: site age limits apply
		body := workerBody(1, s.sub, s.bank)
		r := s.must(201, "POST", s.path("/workers"), s.subKey, body)
		e := r.json(t)
		id := body["id_number"].(string)
		card := body["bank_card"].(string)
		if e["id_number"] != id[:4]+"**********"+id[14:] || e["bank_card"] != card[:4]+" **** **** "+card[len(card)-4:] || e["status"] != "active" || e["gender"] != "male" {
			t.Fatalf("enrolment: %s", r.Body)
		}
		if strings.Contains(string(r.Body), id) || strings.Contains(string(r.Body), card) {
			t.Fatal("a full number in the response")
		}
		enr := e["id"].(string)
		// The same person again on the same project: refused while enrolled.
		r = s.must(422, "POST", s.path("/workers"), s.subKey, body)
		if !strings.Contains(string(r.Body), "already enrolled") {
			t.Errorf("second enrolment: %s", r.Body)
		}
		// The same number under another name: one identity is one person.
		other := workerBody(1, s.sub, s.bank)
		other["name"] = "王五"
		other["bank_card"] = ledger.CompleteBankCard("62220299999999999")
		r = s.must(422, "POST", s.path("/workers"), s.gcKey, other)
		if !strings.Contains(string(r.Body), "the name does not match identity number") {
			t.Errorf("name mismatch: %s", r.Body)
		}
		// Under 16 on the entry date: child labour, refused.
		child := workerBody(2, s.sub, s.bank)
		child["id_number"] = ledger.CompleteResidentID("31011520110101002")
		r = s.must(422, "POST", s.path("/workers"), s.subKey, child)
		if !strings.Contains(string(r.Body), "child labour") {
			t.Errorf("child: %s", r.Body)
		}
		// Over Shanghai's limit for men: accepted with a warning.
		old := workerBody(3, s.sub, s.bank)
		old["id_number"] = ledger.CompleteResidentID("31011519600101003")
		r = s.must(201, "POST", s.path("/workers"), s.subKey, old)
		if w := r.json(t)["warnings"]; w == nil || !strings.Contains(w.([]any)[0].(string), "no men over 60") {
			t.Errorf("age warning: %s", r.Body)
		}
		// A card already registered to another worker: accepted with a warning.
		shared := workerBody(4, s.sub, s.bank)
		shared["bank_card"] = card
		r = s.must(201, "POST", s.path("/workers"), s.subKey, shared)
		if !strings.Contains(string(r.Body), "is also registered to "+enr) {
			t.Errorf("shared card: %s", r.Body)
		}
		// Bad input: every field named.
		bad := map[string]any{"name": "张", "id_number": "36042619910102009X", "bank_card": "6222021234567890127", "bank_id": s.bank,
			"trade": "", "contract_signed_on": "2026-05-01", "entered_on": "2026-04-01", "contract_kind": "oral", "phone": "123"}
		r = s.must(422, "POST", s.path("/workers"), s.subKey, bad)
		got := strings.Join(errorsOf(t, r), " ")
		for _, want := range []string{"name:length", "id_number:checksum", "bank_card:checksum", "trade:required", "entered_on:before_contract", "contract_kind:unknown", "phone:format"} {
			if !strings.Contains(got, "0:"+want) {
				t.Errorf("bad worker: %s lacks %s", got, want)
			}
		}
		// A subcontractor registers only its own workers; an unknown employer is refused.
		r = s.must(403, "POST", s.path("/workers"), s.subKey, workerBody(5, s.gc, s.bank))
		notOnProject := s.org(ledger.OrgSubcontractor, "310115")
		r = s.must(422, "POST", s.path("/workers"), s.gcKey, workerBody(6, notOnProject, s.bank))
		if !strings.Contains(string(r.Body), "neither the general contractor nor a subcontractor") {
			t.Errorf("employer not on project: %s", r.Body)
		}
		// Exit, then re-entry opens a new enrolment.
		s.must(422, "POST", s.path("/workers/"+enr+"/exit"), s.subKey, map[string]string{"exited_on": "2026-01-01"})
		s.must(200, "POST", s.path("/workers/"+enr+"/exit"), s.subKey, map[string]string{"exited_on": "2026-06-30"})
		s.must(409, "POST", s.path("/workers/"+enr+"/exit"), s.subKey, map[string]string{"exited_on": "2026-07-01"})
		again := workerBody(1, s.sub, s.bank)
		again["contract_signed_on"], again["entered_on"] = "2026-08-01", "2026-08-01"
		r2 := s.must(201, "POST", s.path("/workers"), s.subKey, again).json(t)
		if r2["worker_id"] != e["worker_id"] || r2["id"] == enr {
			t.Errorf("re-entry: %v", r2)
		}
		// Updating the card keeps the old one on record.
		newCard := ledger.CompleteBankCard("62148300000000001")
		s.must(200, "PATCH", s.path("/workers/"+r2["id"].(string)), s.subKey, map[string]string{"bank_card": newCard, "bank_id": s.bank, "phone": "13912345678"})
		h := s.must(200, "GET", s.path("/workers/"+r2["id"].(string)), s.gcKey, nil).json(t)
		hist := h["history"].([]any)
		if len(hist) != 4 || h["bank_card"] != "6214 **** **** "+newCard[len(newCard)-4:] || h["phone"] != "139****5678" {
			t.Fatalf("history: %v", h)
		}
		first := hist[0].(map[string]any)
		if first["field"] != "bank_card" || first["valid_until"] == nil {
			t.Errorf("old card not closed: %v", first)
		}
		// Lists: filters, masking, and a subcontractor sees its own workers only.
		gcWorker := s.must(201, "POST", s.path("/workers"), s.gcKey, workerBody(7, s.gc, s.bank)).str(t, "id")
		all := s.must(200, "GET", s.path("/workers?limit=2"), s.gcKey, nil).json(t)
		if len(all["items"].([]any)) != 2 || all["next_cursor"] == nil {
			t.Fatalf("page: %v", all)
		}
		next := s.must(200, "GET", s.path("/workers?limit=2&cursor="+all["next_cursor"].(string)), s.gcKey, nil).json(t)
		if len(next["items"].([]any)) != 2 {
			t.Fatalf("second page: %v", next)
		}
		// Walking the pages ends on the last worker: a full page that is the
		// last gives no cursor (to an empty page).
		total := len(s.must(200, "GET", s.path("/workers?limit=1000"), s.gcKey, nil).json(t)["items"].([]any))
		if whole := s.must(200, "GET", s.path(fmt.Sprintf("/workers?limit=%d", total)), s.gcKey, nil).json(t); whole["next_cursor"] != nil {
			t.Errorf("a page of all %d workers gives a cursor: %v", total, whole["next_cursor"])
		}
		seen, cursor := 0, ""
		for {
			page := s.must(200, "GET", s.path("/workers?limit=1"+cursor), s.gcKey, nil).json(t)
			if n := len(page["items"].([]any)); n != 1 {
				t.Fatalf("page %d of 1 has %d workers: %v", seen+1, n, page)
			}
			seen++
			c, more := page["next_cursor"].(string)
			if !more || seen > total {
				break
			}
			cursor = "&cursor=" + c
		}
		if seen != total {
			t.Errorf("walked %d pages of one, want %d", seen, total)
		}
		mine := s.must(200, "GET", s.path("/workers?limit=100"), s.subKey, nil).json(t)["items"].([]any)
		for _, it := range mine {
			if it.(map[string]any)["employer_id"] != s.sub {
				t.Errorf("subcontractor sees another employer's worker: %v", it)
			}
		}
		s.must(404, "GET", s.path("/workers/"+gcWorker), s.subKey, nil)
		exited := s.must(200, "GET", s.path("/workers?status=exited"), s.gcKey, nil).json(t)["items"].([]any)
		if len(exited) != 1 {
			t.Errorf("exited filter: %v", exited)
		}
		s.must(422, "GET", s.path("/workers?status=gone"), s.gcKey, nil)
	})
}

const rosterHeader = "姓名,身份证号,手机号,班组,工种,银行卡号,开户行,合同签订日期,进场日期\n"

func rosterRow(n int, bank string) string {
	return strings.Join([]string{"工人" + string(rune('甲'+n%50)) + string(rune('乙'+n/50%50)), ledger.CompleteResidentID("11010519900101" + leftPad(n%1000, 3)),
		"139" + leftPad(n, 8), "钢筋班", "钢筋工", ledger.CompleteBankCard("622202" + leftPad(n, 12)), bank, "2026-03-01", "2026-03-02"}, ",") + "\n"
}

func TestImportWorkers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		bankName := s.must(200, "GET", "/api/v1/organizations/"+s.bank, s.admin, nil).str(t, "name")
		csv := "\ufeff" + rosterHeader
		for i := 1; i <= 5; i++ {
			csv += rosterRow(i, bankName)
		}
		// Dry run validates and stores nothing.
		r := s.upload(s.path("/workers/import?dry_run=true"), s.subKey, "roster.csv", []byte(csv))
		if r.Status != 200 || r.json(t)["dry_run"] != true || s.count("enrolments") != 0 {
			t.Fatalf("dry run: %d %s, %d enrolments", r.Status, r.Body, s.count("enrolments"))
		}
		r = s.upload(s.path("/workers/import"), s.subKey, "roster.csv", []byte(csv))
		if r.Status != 201 || len(r.json(t)["enrolments"].([]any)) != 5 {
			t.Fatalf("import: %d %s", r.Status, r.Body)
		}
		// The same file again: the first result, nothing new.
		again := s.upload(s.path("/workers/import"), s.subKey, "roster-copy.csv", []byte(csv))
		if again.Status != 200 || again.Header.Get("Idempotency-Hit") != "true" || string(again.Body) != string(r.Body) || s.count("enrolments") != 5 {
			t.Fatalf("replay: %d %s", again.Status, again.Body)
		}
		// GBK, as Excel on a Chinese Windows saves CSV.
		gbkText := rosterHeader + rosterRow(6, bankName) + rosterRow(7, bankName)
		gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(gbkText))
		if err != nil {
			t.Fatal(err)
		}
		r = s.upload(s.path("/workers/import"), s.gcKey, "gbk.csv", gbk)
		if r.Status != 201 || r.json(t)["encoding"] != "gbk" {
			t.Fatalf("gbk: %d %s", r.Status, r.Body)
		}
		if names := s.must(200, "GET", s.path("/workers?limit=100"), s.gcKey, nil).json(t)["items"].([]any); !strings.Contains(string(jsonOfAny(names)), "工人") {
			t.Errorf("gbk names not decoded")
		}
		// JSON.
		js := `[{"name":"赵六","id_number":"` + ledger.CompleteResidentID("11010519900101999") + `","trade":"木工","bank_card":"` +
			ledger.CompleteBankCard("622202999999999999") + `","bank_id":"` + s.bank + `","contract_signed_on":"2026-03-01","entered_on":"2026-03-02"}]`
		r = s.upload(s.path("/workers/import"), s.subKey, "roster.json", []byte(js))
		if r.Status != 201 {
			t.Fatalf("json: %d %s", r.Status, r.Body)
		}
		// A file with bad rows stores nothing and reports every bad row, with spreadsheet damage explained.
		before := s.count("enrolments")
		badCSV := rosterHeader + rosterRow(20, bankName) +
			"钱七,1.10105E+17,13900000021,钢筋班,钢筋工,6.22202E+18," + bankName + ",2026-03-01,2026-03-02\n" +
			"孙八,110105199001010000,13900000022,钢筋班,钢筋工," + ledger.CompleteBankCard("622202000000000023") + "," + bankName + ",2026-03-01,2026-03-02\n" +
			"周九,３６０４２６１９９１０１０１００７１ ,13900000023,钢筋班,钢筋工," + ledger.CompleteBankCard("622202000000000024") + ",no such bank,2026-03-01,2026-03-02\n" +
			"吴十,36042619910102009X,13900000024,钢筋班,钢筋工," + ledger.CompleteBankCard("622202000000000025") + "," + bankName + ",2026-03-01,2026-13-02\n"
		r = s.upload(s.path("/workers/import"), s.subKey, "bad.csv", []byte(badCSV))
		if r.Status != 422 {
			t.Fatalf("bad file: %d %s", r.Status, r.Body)
		}
		got := strings.Join(errorsOf(t, r), " ")
		for _, want := range []string{"3:id_number:spreadsheet_number", "3:bank_card:spreadsheet_number", "4:id_number:spreadsheet_zeroed", "5:bank_id:not_a_bank", "6:id_number:checksum", "6:entered_on:date"} {
			if !strings.Contains(got, want) {
				t.Errorf("bad file errors %s lack %s", got, want)
			}
		}
		if !strings.Contains(string(r.Body), "Format the column as Text") {
			t.Errorf("damage not explained: %s", r.Body)
		}
		if s.count("enrolments") != before {
			t.Fatal("a bad file stored rows")
		}
		// Full-width digits and spaces are cleaned, but an unknown bank is refused by name (row 5).
		badBank := rosterHeader + "周九,３６０４２６１９９１０１０１００７１ ,13900000023,钢筋班,钢筋工," + ledger.CompleteBankCard("622202000000000024") + ",no such bank,2026-03-01,2026-03-02\n"
		r = s.upload(s.path("/workers/import"), s.subKey, "bank.csv", []byte(badBank))
		if got := strings.Join(errorsOf(t, r), " "); got != "2:bank_id:not_a_bank" {
			t.Errorf("unknown bank: %s %s", got, r.Body)
		}
		// Missing columns and a file with no header are explained.
		r = s.upload(s.path("/workers/import"), s.subKey, "cols.csv", []byte("姓名,身份证号\n张三,"+ledger.CompleteResidentID("11010519900101555")+"\n"))
		if r.Status != 422 || !strings.Contains(r.str(t, "detail"), "lacks required columns") {
			t.Errorf("missing columns: %s", r.Body)
		}
	})
}

func jsonOfAny(v any) []byte { b, _ := jsonMarshal(v); return b }

// A real XLSX written by LibreOffice, with a title row above Chinese headers:
// with the ID and card columns stored as text it imports; with them stored as
// numbers (the spreadsheet default) it is refused with messages a clerk
// understands.
func TestImportLibreOfficeWorkbook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		// The files name the bank by its registered name.
		bankName := s.namedBank()
		damaged, err := os.ReadFile("../../testdata/workers/libreoffice-roster-numbers.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		r := s.upload(s.path("/workers/import"), s.gcKey, "花名册.xlsx", damaged)
		if r.Status != 422 {
			t.Fatalf("numbers workbook: %d %s", r.Status, r.Body)
		}
		got := strings.Join(errorsOf(t, r), " ")
		for _, want := range []string{"3:id_number:spreadsheet_number", "3:bank_card:spreadsheet_number", "5:id_number:spreadsheet_number"} {
			if !strings.Contains(got, want) {
				t.Errorf("numbers workbook: %s lacks %s", got, want)
			}
		}
		good, err := os.ReadFile("../../testdata/workers/libreoffice-roster.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		r = s.upload(s.path("/workers/import"), s.gcKey, "花名册.xlsx", renameBank(t, good, bankName))
		if r.Status != 201 {
			t.Fatalf("text workbook: %d %s", r.Status, r.Body)
		}
		items := s.must(200, "GET", s.path("/workers"), s.gcKey, nil).json(t)["items"].([]any)
		names := string(jsonOfAny(items))
		for _, n := range []string{"张伟", "李娜", "阿卜杜拉·买买提", "written_agreement"} {
			if !strings.Contains(names, n) {
				t.Errorf("imported workers lack %s", n)
			}
		}
	})
}

// A roster that copies the identity card's issuing authority (发证机关) and
// validity (身份证有效期至) imports: those columns name no field, the
// certificate columns are read only from their own headings, and each
// ignored column is named in a warning.
func TestImportRosterWithIdentityCardColumns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		bankName := s.namedBank()
		roster, err := os.ReadFile("../../testdata/workers/roster-id-card-columns.csv")
		if err != nil {
			t.Fatal(err)
		}
		roster = renameBank(t, roster, bankName)
		r := s.upload(s.path("/workers/import"), s.gcKey, "花名册.csv", roster)
		if r.Status != 201 {
			t.Fatalf("roster with identity-card columns: %d %s", r.Status, r.Body)
		}
		warned := map[string]bool{}
		for _, w := range r.json(t)["column_warnings"].([]any) {
			m := w.(map[string]any)
			if m["code"] == "unknown_column" {
				warned[m["field"].(string)] = true
			}
		}
		if !warned["发证机关"] || !warned["身份证有效期至"] {
			t.Errorf("warnings %v lack the two identity-card columns: %s", warned, r.Body)
		}
		if n := len(r.json(t)["enrolments"].([]any)); n != 2 {
			t.Errorf("enrolled %d, want 2", n)
		}
		// A certificate on a row whose trade is no special operation is not
		// read (an incomplete one would refuse the row): the row imports
		// with a warning and no certificate.
		csv := "姓名,身份证号,工种,银行卡号,开户行,合同签订日期,进场日期,特种作业操作证号,操作证有效期至\n" +
			"王五,11010519491231002X,钢筋工,6222021000000000041," + bankName + ",2026-03-01,2026-03-02,T11010519491231002X,\n"
		r = s.upload(s.path("/workers/import"), s.gcKey, "rebar.csv", []byte(csv))
		if r.Status != 201 || !strings.Contains(string(r.Body), "not a special operation") {
			t.Fatalf("certificate on a rebar worker: %d %s", r.Status, r.Body)
		}
		id := r.json(t)["enrolments"].([]any)[0].(map[string]any)["enrolment_id"].(string)
		if w := s.must(200, "GET", s.path("/workers/"+id), s.gcKey, nil).Body; strings.Contains(string(w), `"certificate"`) {
			t.Errorf("the rebar worker has a certificate: %s", w)
		}
	})
}

// fileBank is the bank the roster files in testdata name by its registered
// name.
const fileBank = "中国工商银行北京分行"

// namedBank registers the bank the roster files name: on the shared
// database, where every test registers one and a name that several banks
// bear names none, under a name of this test's own (renameBank puts it in
// the file).
func (s *site) namedBank() string {
	name := fileBank
	if s.db.Dialect.IsCitus() {
		name += itoa(nextSeq())
	}
	s.must(201, "POST", "/api/v1/organizations", s.admin, map[string]any{"name": name, "uscc": uscc(s.t, nextSeq()), "kind": "bank", "region_code": "110000"})
	return name
}

// renameBank is a roster file (CSV, or a workbook whose shared strings
// hold the name) naming the bank name instead of fileBank; a workbook's
// other parts are copied byte for byte (what a test of LibreOffice's
// files reads).
func renameBank(t *testing.T, file []byte, name string) []byte {
	t.Helper()
	if name == fileBank {
		return file
	}
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		return bytes.ReplaceAll(file, []byte(fileBank), []byte(name))
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != "xl/sharedStrings.xml" {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		h := f.FileHeader
		w, err := zw.CreateHeader(&h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(bytes.ReplaceAll(b, []byte(fileBank), []byte(name)))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
