package bankfile

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
)

var update = flag.Bool("update", false, "rewrite the golden file")

func sample() *Batch {
	return &Batch{Ref: "pay_0123456789abcdef", ProjectCode: "CY-001", PayerAccount: "110012345678", PayerName: "北京建工集团",
		Period: ledger.MustPeriod("2026-10"), ValueDate: ledger.NewDate(2026, 11, 13),
		Lines: []Line{
			{Seq: 1, Ref: "ins_0123456789abcdef_1", PayeeAccount: "6222021234567890128", PayeeName: "张三", Amount: ledger.MustMoney("5230.50")},
			{Seq: 2, Ref: "ins_0123456789abcdef_2", PayeeAccount: "4111111111111111", PayeeName: "阿卜杜拉·买买提", Amount: ledger.MustMoney("4800")},
			{Seq: 3, Ref: "ins_0123456789abcdef_3", PayeeAccount: "62284801234567890", PayeeAccountKind: ledger.PaidToAccount, PayeeName: "王五", Amount: ledger.MustMoney("100")},
			{Seq: 4, Ref: "ins_0123456789abcdef_4", PayeeAccount: "6222021000000000017", PayeeName: "Li, \"Junior\"", Amount: ledger.MustMoney("0.01")},
		}}
}

// TestGoldenFile pins the instruction file's bytes.
func TestGoldenFile(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sample()); err != nil {
		t.Fatal(err)
	}
	const golden = "../../testdata/bank/instructions.golden.csv"
	if *update {
		os.MkdirAll("../../testdata/bank", 0o755)
		os.WriteFile(golden, b.Bytes(), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Fatalf("instruction file changed:\n%s\nwant\n%s", b.Bytes(), want)
	}
	// A BOM first, for Excel; card numbers as plain digits, for the bank.
	if !bytes.HasPrefix(b.Bytes(), []byte("\xef\xbb\xbfH,")) || !bytes.Contains(b.Bytes(), []byte(","+sample().Lines[0].PayeeAccount+",")) {
		t.Errorf("BOM or plain card digits missing:\n%s", b.Bytes())
	}
}

func TestReadChecksControlRecord(t *testing.T) {
	var b bytes.Buffer
	Write(&b, sample())
	got, err := Read(bytes.NewReader(b.Bytes()))
	if err != nil || len(got.Lines) != 4 || got.Total() != ledger.MustMoney("10130.51") || got.Lines[3].PayeeName != `Li, "Junior"` {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	// A line written with no kind is a card; an account says so.
	if got.Lines[0].PayeeAccountKind != ledger.PaidToCard || got.Lines[2].PayeeAccountKind != ledger.PaidToAccount {
		t.Errorf("account kinds %q %q", got.Lines[0].PayeeAccountKind, got.Lines[2].PayeeAccountKind)
	}
	if _, err := Read(strings.NewReader(strings.Replace(b.String(), ",account\r\n", ",wallet\r\n", 1))); err == nil || !strings.Contains(err.Error(), "neither card nor account") {
		t.Errorf("an unknown account kind: %v", err)
	}
	tampered := strings.Replace(b.String(), "4800.00", "4900.00", 1)
	if _, err := Read(strings.NewReader(tampered)); err == nil || !strings.Contains(err.Error(), "control record says 4 lines totalling 10130.51") {
		t.Fatalf("tampered file: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	var b bytes.Buffer
	Write(&b, sample())
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		batch, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := Write(&out, batch); err != nil {
			t.Fatal(err)
		}
		again, err := Read(&out)
		if err != nil || again.Total() != batch.Total() || len(again.Lines) != len(batch.Lines) {
			t.Fatalf("write-read changed the batch: %v", err)
		}
	})
}
