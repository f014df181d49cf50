package payrollfile

import (
	"strings"
	"unicode"

	"github.com/wageguard/wageguard/ledger"
)

// Field is one column a file may carry: its canonical name and the headings
// that mean it.
type Field struct {
	Name     string
	Aliases  []string // the first is the heading templates write
	Required bool
	Value    ValueKind
	// Or names a field that may stand in for this required one: the header
	// needs one of the two (CMB's rtnflg for a line's stscod).
	Or string
	// Exact: the column is read only from one of its names, never from a
	// heading close to one (an optional column a near miss would misread).
	Exact bool
}

// ValueKind is what a column holds, which says how to write it: GET
// /formats shows it, and templates format digits columns as text.
type ValueKind string

const (
	ValueText   ValueKind = "text"
	ValueDigits ValueKind = "digits" // identity, card and phone numbers: a spreadsheet must keep them as text
	ValueAmount ValueKind = "amount" // yuan in the amount grammar (ledger/grammar.go)
	ValueDate   ValueKind = "date"   // in the date grammar (ledger/grammar.go)
	ValueNumber ValueKind = "number" // days or hours, at most two decimals
	ValueYesNo  ValueKind = "yes_no" // 是/否, 已签/未签, yes/no
)

// Schema is the set of columns of one kind of file.
type Schema struct {
	Kind   string // the kind in messages, as a catalogue key: file.kind.workers, "bank result"
	Key    string // the kind in URLs: /formats/{key}/template.xlsx
	Title  string // what the file is, in Chinese and English
	Upload string // the route that takes it
	Fields []Field
}

// Schemas are every kind of file wageguard reads, in the order a project
// meets them.
var Schemas = []*Schema{&Workers, &Attendance, &Payroll, &BankResults}

// SchemaOf returns the schema of a kind's key, or nil.
func SchemaOf(key string) *Schema {
	for _, s := range Schemas {
		if s.Key == key {
			return s
		}
	}
	return nil
}

// index returns the field position of a heading, or -1.
func (s *Schema) index(heading string) int {
	h := normaliseHeading(heading)
	if h == "" {
		return -1
	}
	for i, f := range s.Fields {
		if normaliseHeading(f.Name) == h {
			return i
		}
		for _, a := range f.Aliases {
			if normaliseHeading(a) == h {
				return i
			}
		}
	}
	return -1
}

// FieldIndex returns the position of the named field (for Record.Get).
func (s *Schema) FieldIndex(name string) int {
	for i, f := range s.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// normaliseHeading makes "ID Number", "id_number", "ＩＤ　Ｎｕｍｂｅｒ", " 身份证号* "
// and "身份证号（必填）" compare equal: lower case, half-width, no spaces,
// underscores, asterisks or bracketed notes.
func normaliseHeading(s string) string {
	s = strings.ToLower(ledger.NormaliseDigits(strings.TrimSpace(s)))
	for _, open := range []string{"(", "（", "["} {
		if i := strings.Index(s, open); i > 0 {
			s = s[:i]
		}
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || r == '_' || r == '*' || r == '-' || r == '\ufeff' || r == ':' || r == '：' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Workers is the worker register (花名册) import.
var Workers = Schema{Kind: "file.kind.workers", Key: "workers", Title: "花名册 worker register", Upload: "POST /api/v1/projects/{id}/workers/import", Fields: []Field{
	{Name: "name", Aliases: []string{"姓名", "worker_name", "workerName", "工人姓名"}, Required: true, Value: ValueText},
	{Name: "id_number", Aliases: []string{"身份证号", "身份证号码", "证件号码", "id_card_number", "idCardNumber", "公民身份号码"}, Required: true, Value: ValueDigits},
	{Name: "phone", Aliases: []string{"手机号", "手机号码", "联系电话", "电话", "cell_phone", "cellPhone", "mobile"}, Value: ValueDigits},
	{Name: "employer_id", Aliases: []string{"用工单位", "所属单位", "所属企业", "employer", "corp_id"}, Value: ValueText},
	{Name: "team", Aliases: []string{"班组", "班组名称", "team_name", "teamName"}, Value: ValueText},
	{Name: "trade", Aliases: []string{"工种", "work_type", "workType"}, Required: true, Value: ValueText},
	{Name: "bank_card", Aliases: []string{"银行卡号", "工资卡号", "payroll_bank_card_number", "payRollBankCardNumber", "card_number"}, Required: true, Value: ValueDigits},
	{Name: "account_kind", Aliases: []string{"账户类型", "帐户类型", "卡折类型"}, Value: ValueText},
	{Name: "bank_id", Aliases: []string{"开户行", "工资卡开户行", "bank"}, Value: ValueText},
	{Name: "contract_kind", Aliases: []string{"合同类型", "用工形式"}, Value: ValueText},
	{Name: "contract_signed_on", Aliases: []string{"合同签订日期", "签订日期", "contract_date"}, Required: true, Value: ValueDate},
	{Name: "entered_on", Aliases: []string{"进场日期", "进场时间", "entry_date", "entryTime"}, Required: true, Value: ValueDate},
	// A special-operations worker's operation certificate (特种作业操作证),
	// optional: read only from headings that say "operation certificate"
	// (操作证), never guessed from a near heading — a roster copies the
	// identity card's 发证机关 and 有效期至, which are not these.
	{Name: "certificate_number", Aliases: []string{"特种作业操作证号", "操作证号", "cert_no"}, Value: ValueText, Exact: true},
	{Name: "certificate_kind", Aliases: []string{"操作类别", "特种作业操作类别", "cert_kind"}, Value: ValueText, Exact: true},
	{Name: "certificate_valid_from", Aliases: []string{"操作证发证日期", "操作证复审日期", "cert_valid_from"}, Value: ValueDate, Exact: true},
	{Name: "certificate_valid_until", Aliases: []string{"操作证有效期至", "cert_valid_until"}, Value: ValueDate, Exact: true},
}}

// Attendance is the attendance import: one row per worker per day.
var Attendance = Schema{Kind: "file.kind.attendance", Key: "attendance", Title: "考勤表 attendance, one row per worker per day", Upload: "POST /api/v1/projects/{id}/attendance", Fields: []Field{
	{Name: "enrolment_id", Aliases: []string{"登记号", "enrollment_id"}, Value: ValueText},
	{Name: "id_number", Aliases: []string{"身份证号", "身份证号码", "证件号码", "id_card_number", "idCardNumber"}, Value: ValueDigits},
	{Name: "name", Aliases: []string{"姓名", "worker_name"}, Value: ValueText},
	{Name: "date", Aliases: []string{"日期", "出勤日期", "考勤日期", "work_date"}, Required: true, Value: ValueDate},
	{Name: "hours", Aliases: []string{"工时", "出勤工时", "小时", "work_hours"}, Required: true, Value: ValueNumber},
}}

// Payroll is the monthly wage sheet (工资支付表), one line per worker; the
// aliases follow the national platform's PayRollDetail and banks' templates.
var Payroll = Schema{Kind: "file.kind.payroll", Key: "payroll", Title: "工资支付表 monthly payroll, one line per worker", Upload: "POST /api/v1/projects/{id}/payrolls", Fields: []Field{
	{Name: "name", Aliases: []string{"姓名", "worker_name", "workerName", "收款户名"}, Required: true, Value: ValueText},
	{Name: "id_number", Aliases: []string{"身份证号", "身份证号码", "证件号码", "id_card_number", "idCardNumber"}, Required: true, Value: ValueDigits},
	{Name: "bank_card", Aliases: []string{"银行卡号", "工资卡号", "收款账号", "payroll_bank_card_number", "payRollBankCardNumber"}, Required: true, Value: ValueDigits},
	{Name: "days_worked", Aliases: []string{"出勤天数", "出勤", "工作天数", "days", "work_days"}, Required: true, Value: ValueNumber},
	{Name: "gross_pay", Aliases: []string{"应发工资", "应发金额", "应发", "total_pay_amount", "totalPayAmount"}, Required: true, Value: ValueAmount},
	{Name: "deductions", Aliases: []string{"扣款", "扣除", "代扣", "扣款合计"}, Value: ValueAmount},
	{Name: "net_pay", Aliases: []string{"实发工资", "实发金额", "实发", "actual_amount", "actualAmount"}, Required: true, Value: ValueAmount},
	{Name: "confirmed", Aliases: []string{"本人签字确认", "签字确认", "本人签字", "签字", "确认"}, Value: ValueYesNo},
	// What REG Art. 15 asks a wage sheet to show, each optional: hours, and
	// the parts of gross pay and of deductions (ledger.PayItem), which must
	// add up to 应发 and 扣款.
	{Name: "work_hours", Aliases: []string{"总工时", "工时", "出勤工时", "workHours", "hours"}, Value: ValueNumber},
	{Name: "base_pay", Aliases: []string{"基本工资", "基础工资", "计时工资", "计件工资", "basePay"}, Value: ValueAmount},
	{Name: "overtime_pay", Aliases: []string{"加班工资", "加班费", "延时加班工资", "overtimePay"}, Value: ValueAmount},
	{Name: "special_allowances", Aliases: []string{"特殊津贴", "特殊情况工资", "夜班高温津贴", "高温夜班津贴", "specialAllowances"}, Value: ValueAmount},
	{Name: "other_allowances", Aliases: []string{"津贴", "补贴", "津贴补贴", "津补贴", "其他津贴", "otherAllowances"}, Value: ValueAmount},
	{Name: "social_insurance", Aliases: []string{"社保", "社会保险", "个人社保", "代扣社保", "社保扣款", "socialInsurance"}, Value: ValueAmount},
	{Name: "housing_fund", Aliases: []string{"公积金", "住房公积金", "代扣公积金", "housingFund"}, Value: ValueAmount},
	{Name: "income_tax", Aliases: []string{"个税", "个人所得税", "代扣个税", "incomeTax"}, Value: ValueAmount},
	{Name: "other_deductions", Aliases: []string{"其他扣款", "其他扣除", "otherDeductions"}, Value: ValueAmount},
}}

// BankResults is a bank's result file for payment instructions (reference
// §6.3: the union of ICBC, CMB and platform result files).
var BankResults = Schema{Kind: "bank result", Key: "bank_results", Title: "银行代发结果 a bank's result file for payment instructions", Upload: "POST /api/v1/bank/confirmations", Fields: []Field{
	{Name: "instruction_id", Aliases: []string{"指令编号", "line_ref", "自定义序号", "ReimburseNo", "cprref"}, Required: true, Value: ValueText},
	{Name: "bank_ref", Aliases: []string{"银行流水号", "bank_txn_id", "流水号", "SerialNo"}, Required: true, Value: ValueText},
	// status is the line's own result (ICBC Result, CMB stscod); batch_flag
	// is CMB's rtnflg, the result of the batch the line was in, read only
	// for a line whose own status is not given.
	{Name: "status", Aliases: []string{"状态", "结果", "处理结果", "result", "stscod"}, Required: true, Or: "batch_flag", Value: ValueText},
	{Name: "batch_flag", Aliases: []string{"批次状态", "rtnflg"}, Value: ValueText},
	// amount is in yuan (CMB trsamt); amount_fen in fen (ICBC PayAmt, §6.2).
	{Name: "amount", Aliases: []string{"金额", "交易金额", "trsamt", "actualAmount"}, Value: ValueAmount},
	{Name: "amount_fen", Aliases: []string{"PayAmt"}, Value: ValueNumber},
	// A pending row normally carries no date.
	{Name: "settled_on", Aliases: []string{"入账日期", "value_date", "交易日期", "日期", "trsdat", "BankRetTime"}, Value: ValueDate},
	{Name: "reason", Aliases: []string{"失败原因", "fail_reason", "备注", "errtxt", "instrRetMsg"}, Value: ValueText},
	{Name: "error_code", Aliases: []string{"失败代码", "fail_code", "错误代码", "errcod", "instrRetCode"}, Value: ValueText},
	{Name: "payee_account", Aliases: []string{"收款账号", "RecAccNo", "accnbr"}, Value: ValueDigits},
}}
