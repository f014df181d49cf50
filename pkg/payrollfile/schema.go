package payrollfile

import (
	"strings"
	"unicode"
)

// Field is one column a file may carry: its canonical name and the headings
// that mean it.
type Field struct {
	Name     string
	Aliases  []string
	Required bool
	// Or names a field that may stand in for this required one: the header
	// needs one of the two (CMB's rtnflg for a line's stscod).
	Or string
}

// Schema is the set of columns of one kind of file.
type Schema struct {
	Kind   string // "workers", "attendance", "payroll": used in messages
	Fields []Field
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

// normaliseHeading makes "ID Number", "id_number", " 身份证号* " and
// "身份证号（必填）" compare equal: lower case, no spaces, underscores,
// asterisks or bracketed notes.
func normaliseHeading(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
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
var Workers = Schema{Kind: "workers", Fields: []Field{
	{Name: "name", Aliases: []string{"姓名", "worker_name", "workerName", "工人姓名"}, Required: true},
	{Name: "id_number", Aliases: []string{"身份证号", "身份证号码", "证件号码", "id_card_number", "idCardNumber", "公民身份号码"}, Required: true},
	{Name: "phone", Aliases: []string{"手机号", "手机号码", "联系电话", "电话", "cell_phone", "cellPhone", "mobile"}},
	{Name: "employer_id", Aliases: []string{"用工单位", "所属单位", "所属企业", "employer", "corp_id"}},
	{Name: "team", Aliases: []string{"班组", "班组名称", "team_name", "teamName"}},
	{Name: "trade", Aliases: []string{"工种", "work_type", "workType"}, Required: true},
	{Name: "bank_card", Aliases: []string{"银行卡号", "工资卡号", "payroll_bank_card_number", "payRollBankCardNumber", "card_number"}, Required: true},
	{Name: "account_kind", Aliases: []string{"账户类型", "帐户类型", "卡折类型"}},
	{Name: "bank_id", Aliases: []string{"开户行", "工资卡开户行", "bank"}},
	{Name: "contract_kind", Aliases: []string{"合同类型", "用工形式"}},
	{Name: "contract_signed_on", Aliases: []string{"合同签订日期", "签订日期", "contract_date"}, Required: true},
	{Name: "entered_on", Aliases: []string{"进场日期", "进场时间", "entry_date", "entryTime"}, Required: true},
}}

// Attendance is the attendance import: one row per worker per day.
var Attendance = Schema{Kind: "attendance", Fields: []Field{
	{Name: "enrolment_id", Aliases: []string{"登记号", "enrollment_id"}},
	{Name: "id_number", Aliases: []string{"身份证号", "身份证号码", "证件号码", "id_card_number", "idCardNumber"}},
	{Name: "name", Aliases: []string{"姓名", "worker_name"}},
	{Name: "date", Aliases: []string{"日期", "出勤日期", "考勤日期", "work_date"}, Required: true},
	{Name: "hours", Aliases: []string{"工时", "出勤工时", "小时", "work_hours"}, Required: true},
}}

// Payroll is the monthly wage sheet (工资支付表), one line per worker; the
// aliases follow the national platform's PayRollDetail and banks' templates.
var Payroll = Schema{Kind: "payroll", Fields: []Field{
	{Name: "name", Aliases: []string{"姓名", "worker_name", "workerName", "收款户名"}, Required: true},
	{Name: "id_number", Aliases: []string{"身份证号", "身份证号码", "证件号码", "id_card_number", "idCardNumber"}, Required: true},
	{Name: "bank_card", Aliases: []string{"银行卡号", "工资卡号", "收款账号", "payroll_bank_card_number", "payRollBankCardNumber"}, Required: true},
	{Name: "days_worked", Aliases: []string{"出勤天数", "出勤", "工作天数", "days", "work_days"}, Required: true},
	{Name: "gross_pay", Aliases: []string{"应发工资", "应发金额", "应发", "total_pay_amount", "totalPayAmount"}, Required: true},
	{Name: "deductions", Aliases: []string{"扣款", "扣除", "代扣", "扣款合计"}},
	{Name: "net_pay", Aliases: []string{"实发工资", "实发金额", "实发", "actual_amount", "actualAmount"}, Required: true},
	{Name: "confirmed", Aliases: []string{"本人签字确认", "签字确认", "本人签字", "签字", "确认"}},
	// What REG Art. 15 asks a wage sheet to show, each optional: hours, and
	// the parts of gross pay and of deductions (ledger.PayItem), which must
	// add up to 应发 and 扣款.
	{Name: "work_hours", Aliases: []string{"总工时", "工时", "出勤工时", "workHours", "hours"}},
	{Name: "base_pay", Aliases: []string{"基本工资", "基础工资", "计时工资", "计件工资", "basePay"}},
	{Name: "overtime_pay", Aliases: []string{"加班工资", "加班费", "延时加班工资", "overtimePay"}},
	{Name: "special_allowances", Aliases: []string{"特殊津贴", "特殊情况工资", "夜班高温津贴", "高温夜班津贴", "specialAllowances"}},
	{Name: "other_allowances", Aliases: []string{"津贴", "补贴", "津贴补贴", "津补贴", "其他津贴", "otherAllowances"}},
	{Name: "social_insurance", Aliases: []string{"社保", "社会保险", "个人社保", "代扣社保", "社保扣款", "socialInsurance"}},
	{Name: "housing_fund", Aliases: []string{"公积金", "住房公积金", "代扣公积金", "housingFund"}},
	{Name: "income_tax", Aliases: []string{"个税", "个人所得税", "代扣个税", "incomeTax"}},
	{Name: "other_deductions", Aliases: []string{"其他扣款", "其他扣除", "otherDeductions"}},
}}

// BankResults is a bank's result file for payment instructions (reference
// §6.3: the union of ICBC, CMB and platform result files).
var BankResults = Schema{Kind: "bank result", Fields: []Field{
	{Name: "instruction_id", Aliases: []string{"line_ref", "自定义序号", "ReimburseNo", "cprref", "指令编号"}, Required: true},
	{Name: "bank_ref", Aliases: []string{"bank_txn_id", "银行流水号", "流水号", "SerialNo"}, Required: true},
	// status is the line's own result (ICBC Result, CMB stscod); batch_flag
	// is CMB's rtnflg, the result of the batch the line was in, read only
	// for a line whose own status is not given.
	{Name: "status", Aliases: []string{"状态", "结果", "处理结果", "result", "stscod"}, Required: true, Or: "batch_flag"},
	{Name: "batch_flag", Aliases: []string{"rtnflg", "批次状态"}},
	// amount is in yuan (CMB trsamt); amount_fen in fen (ICBC PayAmt, §6.2).
	{Name: "amount", Aliases: []string{"金额", "交易金额", "trsamt", "actualAmount"}},
	{Name: "amount_fen", Aliases: []string{"PayAmt"}},
	// A pending row normally carries no date.
	{Name: "settled_on", Aliases: []string{"value_date", "入账日期", "交易日期", "日期", "trsdat", "BankRetTime"}},
	{Name: "reason", Aliases: []string{"fail_reason", "失败原因", "备注", "errtxt", "instrRetMsg"}},
	{Name: "error_code", Aliases: []string{"fail_code", "失败代码", "错误代码", "errcod", "instrRetCode"}},
	{Name: "payee_account", Aliases: []string{"收款账号", "RecAccNo", "accnbr"}},
}}
