package bankfile

import (
	"fmt"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// Outcome is what a bank's status code says about one payment.
type Outcome string

const (
	OutcomePaid     Outcome = Outcome(ledger.ConfirmPaid)
	OutcomeFailed   Outcome = Outcome(ledger.ConfirmFailed)
	OutcomeReturned Outcome = Outcome(ledger.ConfirmReturned) // 退票: a paid wage came back
	// OutcomePending: the bank has not finished with the payment (waiting
	// for authorisation, being processed, booked for later).
	OutcomePending Outcome = Outcome(ledger.ConfirmPending)
	// OutcomeUncertain: the bank itself does not know (CMB WRF 可疑; ICBC
	// B0116, no record found): the payment must be asked about again.
	OutcomeUncertain Outcome = Outcome(ledger.ConfirmUncertain)
	// OutcomeUnknown: a code the bank's table does not hold.
	OutcomeUnknown Outcome = Outcome(ledger.ConfirmUnknown)
)

// Final reports whether the outcome is a result the books can take: paid,
// failed or returned.
func (o Outcome) Final() bool {
	return o == OutcomePaid || o == OutcomeFailed || o == OutcomeReturned
}

// Status is one row's status as the bank wrote it and what it means.
type Status struct {
	Code    string  // verbatim, as in the file
	Outcome Outcome // what it means for the payment
	Meaning string  // the bank's own name for the code
	// ErrorCode is the row's error code as the bank wrote it (CMB errcod,
	// ICBC instrRetCode), beside the status; "" when it gave none.
	ErrorCode string
}

type statusCode struct {
	outcome Outcome
	meaning string
}

// StatusTable reads one bank's status codes (reference: exchange-formats.md
// §5 and §6.3). Codes are matched without regard to case or surrounding
// spaces.
type StatusTable struct {
	BankCode string // the PBOC bank category code (102 ICBC, 308 CMB), "" for the generic words
	Name     string
	codes    map[string]statusCode
}

// Read maps a status as written in a result file.
func (t *StatusTable) Read(raw string) Status {
	code := strings.TrimSpace(raw)
	if c, ok := t.codes[strings.ToLower(code)]; ok {
		return Status{Code: code, Outcome: c.outcome, Meaning: c.meaning}
	}
	return Status{Code: code, Outcome: OutcomeUnknown}
}

// genericWords are the words every bank's table accepts.
var genericWords = map[string]Outcome{
	"paid": OutcomePaid, "success": OutcomePaid, "成功": OutcomePaid, "已入账": OutcomePaid, "支付成功": OutcomePaid,
	"failed": OutcomeFailed, "fail": OutcomeFailed, "失败": OutcomeFailed, "支付失败": OutcomeFailed,
	"returned": OutcomeReturned, "退票": OutcomeReturned, "退汇": OutcomeReturned,
	"pending": OutcomePending, "处理中": OutcomePending,
	"uncertain": OutcomeUncertain, "可疑": OutcomeUncertain,
}

// icbcCodes are ICBC's QPAYENT Result codes (银企互联), and the RetCode it
// gives when it finds no record of the instruction.
var icbcCodes = map[string]statusCode{
	"0":     {OutcomePending, "提交成功待处理"},
	"1":     {OutcomePending, "授权成功"},
	"2":     {OutcomePending, "等待授权"},
	"3":     {OutcomePending, "等待二次授权"},
	"4":     {OutcomePending, "等待银行答复"},
	"5":     {OutcomePending, "主机返回待处理"},
	"6":     {OutcomeFailed, "被银行拒绝"},
	"7":     {OutcomePaid, "处理成功"},
	"8":     {OutcomeFailed, "指令被拒绝授权"},
	"9":     {OutcomePending, "银行正在处理"},
	"10":    {OutcomePending, "预约"},
	"11":    {OutcomeFailed, "预约取消"},
	"B0116": {OutcomeUncertain, "没有符合条件的记录"},
}

// cmbCodes are CMB's 代发 (BB6) codes: the line's stscod (A, E, S), the
// batch's rtnflg (S, F, R, D, C) and reqsta (AUT … WRF), and NTAGDRFD, the
// return notice (退票) that comes after a line was paid. R is 否决, a
// rejection: a failure, not a return.
var cmbCodes = map[string]statusCode{
	"A": {OutcomePending, "待处理"},
	"E": {OutcomeFailed, "失败"},
	"S": {OutcomePaid, "成功"},
	"F": {OutcomeFailed, "失败"},
	"R": {OutcomeFailed, "否决"},
	"D": {OutcomeFailed, "过期"},
	"C": {OutcomeFailed, "撤销"},
	// reqsta: where the batch is; FIN says the batch is finished but not
	// what became of the line, which its stscod or rtnflg tells.
	"AUT":      {OutcomePending, "等待处理"},
	"NTE":      {OutcomePending, "终审完毕"},
	"BNK":      {OutcomePending, "银行处理"},
	"OPR":      {OutcomePending, "接收中"},
	"APW":      {OutcomePending, "人工审批"},
	"WRF":      {OutcomeUncertain, "可疑"},
	"FIN":      {OutcomeUncertain, "完成"},
	"NTAGDRFD": {OutcomeReturned, "退票"},
}

// banks are the tables by PBOC bank category code, with the names a caller
// may use instead.
var banks = []struct {
	code, name string
	aliases    []string
	codes      map[string]statusCode
}{
	{"102", "ICBC 中国工商银行", []string{"icbc"}, icbcCodes},
	{"308", "CMB 招商银行", []string{"cmb"}, cmbCodes},
}

func newTable(bankCode, name string, codes ...map[string]statusCode) (*StatusTable, error) {
	t := &StatusTable{BankCode: bankCode, Name: name, codes: map[string]statusCode{}}
	add := func(key string, c statusCode) error {
		key = strings.ToLower(key)
		if prev, ok := t.codes[key]; ok && prev.outcome != c.outcome {
			return fmt.Errorf("bankfile: status %q means %s and %s", key, prev.outcome, c.outcome)
		}
		if _, ok := t.codes[key]; !ok {
			t.codes[key] = c
		}
		return nil
	}
	for w, o := range genericWords {
		_ = add(w, statusCode{outcome: o})
	}
	for _, m := range codes {
		for k, c := range m {
			if err := add(k, c); err != nil {
				return nil, err
			}
			// The bank's own name for a code is read as the code.
			if c.meaning != "" {
				if err := add(c.meaning, c); err != nil {
					return nil, err
				}
			}
		}
	}
	return t, nil
}

// StatusTableFor returns the table that reads the result files of the bank
// with bankCode: its PBOC bank category code (102, 308) or name (icbc, cmb).
// A bank whose codes are not known here, or no bank code at all, is read by
// the generic words alone (paid/成功, failed/失败, returned/退票 …): one
// bank's codes are never read in another's file (CMB's R is a rejection,
// which another bank may use for a return).
func StatusTableFor(bankCode string) (*StatusTable, error) {
	code := strings.ToLower(strings.TrimSpace(bankCode))
	if code == "" {
		return newTable("", "generic words")
	}
	for _, b := range banks {
		if code == b.code || contains(b.aliases, code) {
			return newTable(b.code, b.name, b.codes)
		}
	}
	if len(code) != 3 || strings.Trim(code, "0123456789") != "" {
		return nil, ledger.NewError(ledger.EInvalid, ledger.M("bank_code is not valid"),
			ledger.FieldErrorf(0, "bank_code", "bank_code", "bank_code %q is a bank's 3-digit PBOC code (102 ICBC, 308 CMB) or its name (icbc, cmb)", clip(bankCode)))
	}
	return newTable(code, "bank "+code)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func clip(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}
