package evidence

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"crypto/ed25519"
	"encoding/base64"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

// font is the CJK font the PDF embeds; the tests that build a bundle skip
// without it (.ci/run installs fonts-droid-fallback).
func font(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(DefaultFont)
	if err != nil {
		t.Skipf("no CJK font at %s (apt-get install fonts-droid-fallback)", DefaultFont)
	}
	return b
}

func sample() Statement {
	d := func(s string) ledger.Date { v, _ := ledger.ParseDate(s); return v }
	p := func(s string) ledger.Period { v, _ := ledger.ParsePeriod(s); return v }
	return Statement{
		GeneratedAt: time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC), From: p("2026-09"), To: p("2026-10"),
		Project:  Project{ID: "prj_x", Code: "CY-001", Name: "朝阳区安置房项目", RegionCode: "110105"},
		Employer: "某劳务分包有限公司",
		Worker: Worker{EnrolmentID: "enr_x", Name: "王五", IDNumber: "1101**********002X", Trade: "钢筋工", Team: "钢筋班", ContractKind: "labour_contract",
			ContractSignedOn: d("2026-03-01"), EnteredOn: d("2026-03-02")},
		Attendance: []Day{{d("2026-10-08"), "8.00"}, {d("2026-10-09"), "8.00"}, {d("2026-10-10"), "10.00"}},
		Months:     []Month{{Period: p("2026-10"), DueOn: d("2026-11-13"), Owed: 550000, Paid: 0, Unpaid: 550000}},
		Lines:      []Line{{Period: p("2026-10"), PayrollID: "pay_x", LineNo: 1, PayrollStatus: "approved", DaysWorked: "22.00", Gross: 600000, Deductions: 50000, Net: 550000, PaymentStatus: "failed", Answer: "disputed", AnswerReason: "少算两天"}},
		Payments:   []Payment{{Period: p("2026-10"), InstructionID: "ins_x", Status: "failed", Amount: 550000, BankRef: "=HYPERLINK(\"x\")", SettledOn: d("2026-11-13"), Reason: "账户冻结"}},
		Alerts:     []Alert{{ID: "alr_x", Rule: "wages_unpaid", Period: "2026-10", Severity: "high", Status: "rectification_ordered", Amount: 550000, Deadline: d("2026-12-15")}},
		Complaints: []Complaint{{ID: "cmp_x", Status: "accepted", ReceivedOn: d("2026-11-20"), AcceptBy: d("2026-11-27"), ConcludeBy: d("2027-02-26")}},
	}
}

func build(t *testing.T) ([]byte, ed25519.PrivateKey) {
	t.Helper()
	_, key, _ := ed25519.GenerateKey(nil)
	b, err := Build(sample(), []Head{{Chain: "prj_x", Seq: 42, Hash: strings.Repeat("ab", 32)}}, key, 1, font(t))
	if err != nil {
		t.Fatal(err)
	}
	return b, key
}

func TestBundleVerifies(t *testing.T) {
	b, key := build(t)
	rep, err := Verify(b, key.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Trusted || rep.Manifest.EnrolmentID != "enr_x" || len(rep.Manifest.Files) != 2 || rep.Manifest.AuditHeads[0].Seq != 42 {
		t.Fatalf("report: %+v", rep)
	}
	// A ZIP reader opens it as it is; the CSV is neutralised against formulas.
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != FileCSV {
			continue
		}
		rc, _ := f.Open()
		var csv bytes.Buffer
		csv.ReadFrom(rc)
		if !strings.Contains(csv.String(), `'=HYPERLINK`) || !strings.HasPrefix(csv.String(), "\ufeffsection,") {
			t.Errorf("csv: %s", csv.String())
		}
	}
	if _, err := Verify(b, nil); err != nil {
		t.Errorf("without a trusted key: %v", err)
	}
	_, other, _ := ed25519.GenerateKey(nil)
	if _, err := Verify(b, other.Public().(ed25519.PublicKey)); err == nil {
		t.Error("verified against another key")
	}
}

// Changing any byte breaks it: every byte of the archive's first and last
// kilobyte (local headers, the central directory, the end record and the
// signature in the comment), and every 61st byte between.
func TestBundleFailsAfterAnyByteChanges(t *testing.T) {
	b, key := build(t)
	pub := key.Public().(ed25519.PublicKey)
	checked := 0
	for i := range b {
		if i >= 1024 && i < len(b)-1024 && i%61 != 0 {
			continue
		}
		changed := bytes.Clone(b)
		changed[i] ^= 0x01
		if _, err := Verify(changed, pub); err == nil {
			t.Fatalf("byte %d of %d changed and the bundle still verifies", i, len(b))
		}
		checked++
	}
	if _, err := Verify(append(bytes.Clone(b), 0), pub); err == nil {
		t.Error("a byte appended and the bundle still verifies")
	}
	if _, err := Verify(b[:len(b)-1], pub); err == nil {
		t.Error("a byte cut and the bundle still verifies")
	}
	t.Logf("%d of %d bytes changed, each refused", checked, len(b))
}

// The signature at the archive's end is base64 whose last character before
// the padding carries bits no signature byte reads: decoded leniently, a
// dozen other characters there give the same signature, and the changed
// archive verified. Every value of every byte of the comment is refused.
func TestBundleRefusesEveryValueOfItsSignature(t *testing.T) {
	b, key := build(t)
	pub := key.Public().(ed25519.PublicKey)
	tail := len(commentPrefix) + base64.StdEncoding.EncodedLen(ed25519.SignatureSize)
	for i := len(b) - tail; i < len(b); i++ {
		for v := range 256 {
			if byte(v) == b[i] {
				continue
			}
			changed := bytes.Clone(b)
			changed[i] = byte(v)
			for _, k := range []ed25519.PublicKey{pub, nil} {
				if _, err := Verify(changed, k); err == nil {
					t.Fatalf("byte %d of %d changed from %q to %q and the bundle still verifies (key given: %t)", i, len(b), b[i], byte(v), k != nil)
				}
			}
		}
	}
}

// The same of a detached signature's text: no other text verifies.
func TestDetachedRefusesEveryValueOfItsText(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	pub := key.Public().(ed25519.PublicKey)
	file := []byte("an archive")
	sig := SignDetached(file, key)
	for i := range len(sig) {
		for v := range 256 {
			if byte(v) == sig[i] || (i == len(sig)-1 && byte(v) == '\n') {
				continue
			}
			changed := []byte(sig)
			changed[i] = byte(v)
			if VerifyDetached(file, string(changed), pub) == nil {
				t.Fatalf("character %d of %q changed to %q and the signature still verifies", i, sig, byte(v))
			}
		}
	}
}

// A bundle re-signed with another key (its manifest and archive re-made by
// someone holding that key) verifies only without the published key.
func TestBundleFromAnotherKey(t *testing.T) {
	_, other, _ := ed25519.GenerateKey(nil)
	b, err := Build(sample(), nil, other, 1, font(t))
	if err != nil {
		t.Fatal(err)
	}
	_, mine, _ := ed25519.GenerateKey(nil)
	if _, err := Verify(b, mine.Public().(ed25519.PublicKey)); err == nil || !strings.Contains(err.Error(), "with the key given") {
		t.Errorf("another key: %v", err)
	}
}

func TestVerifyRefusesWhatIsNoBundle(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("PK"), []byte(strings.Repeat("x", 100))} {
		if _, err := Verify(b, nil); err == nil {
			t.Errorf("%q verified", b)
		}
	}
}

// A complaint's bundle holds a statement for each worker it covers, under
// a folder named by the enrolment, one manifest naming the complaint and
// the workers; it verifies, and fails once any byte changes.
func TestComplaintBundleVerifies(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	a, b := sample(), sample()
	b.Worker.EnrolmentID, b.Worker.Name = "enr_y", "赵六"
	bundle, err := BuildComplaint("cmp_x", []Statement{a, b}, []Head{{Chain: "prj_x", Seq: 7, Hash: strings.Repeat("cd", 32)}}, key, 1, font(t))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(bundle, key.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	m := rep.Manifest
	var names []string
	for _, f := range m.Files {
		names = append(names, f.Name)
	}
	if m.ComplaintID != "cmp_x" || m.EnrolmentID != "" || strings.Join(m.EnrolmentIDs, ",") != "enr_x,enr_y" ||
		strings.Join(names, ",") != "enr_x/statement.pdf,enr_x/statement.csv,enr_y/statement.pdf,enr_y/statement.csv" {
		t.Fatalf("manifest: %+v", m)
	}
	for _, at := range []int{10, len(bundle) / 2, len(bundle) - 5} {
		changed := bytes.Clone(bundle)
		changed[at] ^= 0x01
		if _, err := Verify(changed, key.Public().(ed25519.PublicKey)); err == nil {
			t.Errorf("a byte changed at %d verifies", at)
		}
	}
	if _, err := BuildComplaint("cmp_x", nil, nil, key, 1, font(t)); err == nil {
		t.Error("a complaint's bundle with no worker")
	}
	b.GeneratedAt = a.GeneratedAt.Add(time.Millisecond)
	if _, err := BuildComplaint("cmp_x", []Statement{a, b}, nil, key, 1, font(t)); err == nil {
		t.Error("statements of two moments in one bundle")
	}
}

// A detached signature verifies the file it signed, and no file with a
// byte changed anywhere, nor under another key.
func TestDetachedSignatureCoversEveryByte(t *testing.T) {
	pub, key, _ := ed25519.GenerateKey(nil)
	other, _, _ := ed25519.GenerateKey(nil)
	file := []byte("PK\x03\x04 any bytes of a bundle, its comment too")
	sig := SignDetached(file, key)
	if err := VerifyDetached(file, sig+"\n", pub); err != nil {
		t.Fatal(err)
	}
	for i := range file {
		b := bytes.Clone(file)
		b[i] ^= 1
		if VerifyDetached(b, sig, pub) == nil {
			t.Fatalf("byte %d changed, and the signature verifies", i)
		}
	}
	if VerifyDetached(file, sig, other) == nil {
		t.Error("another key verifies")
	}
	if VerifyDetached(file, "ed25519:nonsense", pub) == nil || VerifyDetached(file, "", pub) == nil {
		t.Error("a malformed signature verifies")
	}
}

// The statement is a PDF that carries its Chinese font inside (a TrueType
// font file, Type0 with Identity-H for any glyph), so that it reads the same
// on an arbitrator's machine without that font installed.
func TestStatementPDFEmbedsTheCJKFont(t *testing.T) {
	b, _ := build(t)
	files, err := readFiles(b)
	if err != nil {
		t.Fatal(err)
	}
	pdf := string(files[FilePDF])
	for _, want := range []string{"%PDF-", "/FontFile2", "/Type0", "/CIDFontType2", "/Identity-H"} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the statement PDF lacks %q", want)
		}
	}
}

// pdfText is the text a statement PDF shows, in order: fpdf writes each
// string of a UTF-8 font as UTF-16BE in a "(…) Tj" of a Flate content
// stream, with \, ( and ) escaped.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	var out strings.Builder
	for _, m := range regexp.MustCompile(`(?s)stream\r?\n(.*?)endstream`).FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		content, err := io.ReadAll(r)
		if err != nil {
			continue
		}
		for _, s := range regexp.MustCompile(`(?s)\(((?:\\.|[^\\)])*)\)\s*Tj`).FindAllSubmatch(content, -1) {
			raw := regexp.MustCompile(`(?s)\\(.)`).ReplaceAll(s[1], []byte("$1"))
			units := make([]uint16, len(raw)/2)
			for i := range units {
				units[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
			}
			out.WriteString(string(utf16.Decode(units)) + "\n")
		}
	}
	if out.Len() == 0 {
		t.Fatal("no text found in the PDF")
	}
	return out.String()
}

// The statement says in Chinese what it shows: its title and sections, the
// worker's and the project's names, and the codes of contract kind, alert
// rule, severity and status, and complaint status by their Chinese names,
// not as the API's English codes.
func TestStatementPDFSpeaksChinese(t *testing.T) {
	b, _ := build(t)
	files, err := readFiles(b)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, files[FilePDF])
	for _, want := range []string{i18n.T(i18n.ZH, "evidence.title"), i18n.T(i18n.ZH, "evidence.section.who"), i18n.T(i18n.ZH, "evidence.section.alerts"),
		i18n.T(i18n.ZH, "evidence.section.audit"), "王五", "朝阳区安置房项目", "某劳务分包有限公司", "少算两天",
		"劳动合同 2026-03-01", "工资未足额支付", "责令整改", "已受理"} {
		if !strings.Contains(text, want) {
			t.Errorf("the statement does not say %q:\n%s", want, text)
		}
	}
	for _, code := range []string{"labour_contract", "wages_unpaid", "rectification_ordered", "accepted"} {
		if strings.Contains(text, code) {
			t.Errorf("the statement prints the code %q", code)
		}
	}
	if !regexp.MustCompile(`(?m)^高$`).MatchString(text) {
		t.Errorf("the severity is not 高:\n%s", text)
	}
}
