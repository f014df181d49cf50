package ledger

import (
	"strings"
	"testing"
)

// safetyCases are TestRules' cases of the four safety rules: the fixture is
// insured for 2026 and its welder (enr_a) certified to 2030; both workers
// attended in March, the month before the as-of date (20 April).
func safetyCases(t *testing.T) []ruleCase {
	d := mustDate
	project := &want{"project:prj_1", "", SeverityHigh, "0.00", 2}
	welder := &want{"enrolment:enr_a", "", SeverityHigh, "0.00", 1}
	addRebar := mustPolicy(t, `{"special_operation_trades": ["130", "270", "030", "W01", "170", "W02", "280", "020"]}`)
	return []ruleCase{
		{"no policy, workers on site", RuleInjuryInsuranceMissing, nil, func(f *CheckFacts) { f.Safety.Policies = nil }, project},
		{"the policy ended before the as-of date", RuleInjuryInsuranceMissing, nil, insuredUntil("2026-04-19"), project},
		{"a policy that starts after the as-of date does not cover it", RuleInjuryInsuranceMissing, nil,
			func(f *CheckFacts) { f.Safety.Policies[0].ValidFrom = d("2026-04-21") }, project},
		{"covered on the as-of date, its last day: quiet", RuleInjuryInsuranceMissing, nil, insuredUntil("2026-04-20"), nil},
		{"no policy and nobody on site since March: quiet", RuleInjuryInsuranceMissing, nil,
			func(f *CheckFacts) { f.Safety.Policies, f.AsOf = nil, d("2026-05-20") }, nil},
		{"no policy, the project completed: quiet", RuleInjuryInsuranceMissing, nil,
			func(f *CheckFacts) { f.Safety.Policies, f.Project.CompletedOn = nil, d("2026-04-10") }, nil},
		{"facts not read: quiet", RuleInjuryInsuranceMissing, nil, func(f *CheckFacts) { f.Safety = SafetyFacts{} }, nil},
		{"no policy, the workers who attended have left: quiet", RuleInjuryInsuranceMissing, nil, func(f *CheckFacts) {
			f.Safety.Policies = nil
			for i := range f.Enrolments {
				f.Enrolments[i].ExitedOn = d("2026-04-01")
			}
		}, nil},

		{"the policy ends in 30 days", RuleInjuryInsuranceExpiring, nil, insuredUntil("2026-05-20"),
			&want{"project:prj_1", "", SeverityMedium, "0.00", 2}},
		{"the policy ends in 31 days: quiet", RuleInjuryInsuranceExpiring, nil, insuredUntil("2026-05-21"), nil},
		{"the policy ends in 30 days and nobody is on site: quiet", RuleInjuryInsuranceExpiring, nil, func(f *CheckFacts) {
			insuredUntil("2026-05-20")(f)
			for i := range f.Enrolments {
				f.Enrolments[i].ExitedOn = d("2026-04-01")
			}
		}, nil},
		{"a renewal follows without a gap: quiet", RuleInjuryInsuranceExpiring, nil, func(f *CheckFacts) {
			insuredUntil("2026-05-10")(f)
			f.Safety.Policies = append(f.Safety.Policies, InjuryPolicyFact{ID: "inj_2", ValidFrom: d("2026-05-11"), ValidUntil: d("2027-05-10")})
		}, nil},
		{"a renewal after a gap does not stop the warning", RuleInjuryInsuranceExpiring, nil, func(f *CheckFacts) {
			insuredUntil("2026-05-10")(f)
			f.Safety.Policies = append(f.Safety.Policies, InjuryPolicyFact{ID: "inj_2", ValidFrom: d("2026-05-15"), ValidUntil: d("2027-05-10")})
		}, &want{"project:prj_1", "", SeverityMedium, "0.00", 2}},
		{"expired already is missing, not expiring: quiet", RuleInjuryInsuranceExpiring, nil, insuredUntil("2026-04-19"), nil},
		{"the policy lasts to the completion: quiet", RuleInjuryInsuranceExpiring, nil,
			func(f *CheckFacts) { insuredUntil("2026-05-10")(f); f.Project.CompletedOn = d("2026-05-01") }, nil},

		{"a welder on site without a certificate", RuleCertificateMissing, nil, func(f *CheckFacts) { f.Safety.Certificates = nil }, welder},
		{"a certificate valid only from later is missing", RuleCertificateMissing, nil,
			func(f *CheckFacts) { f.Safety.Certificates[0].ValidFrom = d("2026-05-01") }, welder},
		{"a trade the policy adds needs one too", RuleCertificateMissing, addRebar, func(*CheckFacts) {},
			&want{"enrolment:enr_b", "", SeverityHigh, "0.00", 1}},
		{"certified: quiet", RuleCertificateMissing, nil, func(*CheckFacts) {}, nil},
		{"a welder certified as an electrician is missing", RuleCertificateMissing, nil,
			func(f *CheckFacts) { f.Safety.Certificates[0].Kind = "电工作业" }, welder},
		{"a welder certified for 熔化焊接与热切割作业: quiet", RuleCertificateMissing, nil,
			func(f *CheckFacts) { f.Safety.Certificates[0].Kind = "熔化焊接与热切割作业" }, nil},
		{"an expired certificate of another operation is missing, not expired: quiet", RuleCertificateExpired, nil,
			func(f *CheckFacts) {
				f.Safety.Certificates[0].Kind, f.Safety.Certificates[0].ValidUntil = "电工作业", d("2026-03-01")
			}, nil},
		{"not a special operation: quiet", RuleCertificateMissing, nil,
			func(f *CheckFacts) { f.Safety.Certificates, f.Enrolments[0].TradeCode = nil, "020" }, nil},
		{"left the project before the as-of date: quiet", RuleCertificateMissing, nil,
			func(f *CheckFacts) { f.Safety.Certificates, f.Enrolments[0].ExitedOn = nil, d("2026-04-01") }, nil},
		{"not on site since March: quiet", RuleCertificateMissing, nil,
			func(f *CheckFacts) { f.Safety.Certificates, f.AsOf = nil, d("2026-05-20") }, nil},
		{"an expired certificate is expired, not missing: quiet", RuleCertificateMissing, nil,
			func(f *CheckFacts) { f.Safety.Certificates[0].ValidUntil = d("2026-04-19") }, nil},

		{"the certificate expired the day before the welder's last day worked", RuleCertificateExpired, nil,
			func(f *CheckFacts) {
				f.Safety.Certificates[0].ValidUntil = d("2026-04-19")
				f.Attendance = append(f.Attendance, AttendanceFact{EnrolmentID: "enr_a", Period: MustPeriod("2026-04"), Days: 3, LastOn: d("2026-04-20")})
			}, welder},
		{"the certificate expired after the welder's last day worked: quiet", RuleCertificateExpired, nil,
			func(f *CheckFacts) { f.Safety.Certificates[0].ValidUntil = d("2026-04-19") }, nil},
		{"worked to 15 March, the certificate expired on the 20th: quiet", RuleCertificateExpired, nil, func(f *CheckFacts) {
			f.Safety.Certificates[0].ValidUntil = d("2026-03-20")
			for i := range f.Attendance {
				f.Attendance[i].LastOn = d("2026-03-15")
			}
		}, nil},
		{"worked to 25 March, the certificate expired on the 20th", RuleCertificateExpired, nil, func(f *CheckFacts) {
			f.Safety.Certificates[0].ValidUntil = d("2026-03-20")
			for i := range f.Attendance {
				f.Attendance[i].LastOn = d("2026-03-25")
			}
		}, welder},
		{"valid to the as-of date itself: quiet", RuleCertificateExpired, nil,
			func(f *CheckFacts) { f.Safety.Certificates[0].ValidUntil = d("2026-04-20") }, nil},
		{"expired, not on site since March: quiet", RuleCertificateExpired, nil,
			func(f *CheckFacts) { f.Safety.Certificates[0].ValidUntil, f.AsOf = d("2026-04-19"), d("2026-05-20") }, nil},
		{"no certificate is missing, not expired: quiet", RuleCertificateExpired, nil, func(f *CheckFacts) { f.Safety.Certificates = nil }, nil},
	}
}

// The findings name the records behind them: the attendance that puts the
// workers on site, the policy that lapsed, the certificate that expired.
func TestSafetyFindingsExplainThemselves(t *testing.T) {
	f := checkFixture()
	insuredUntil("2026-04-10")(f)
	f.Safety.Certificates[0].ValidUntil = mustDate("2026-03-30") // the welder worked to the 31st
	var got []string
	for _, x := range Evaluate(f, DefaultPolicy(), DefaultCalendar()) {
		var ev []string
		for _, e := range x.Evidence {
			ev = append(ev, string(e.Kind)+":"+e.Ref)
		}
		got = append(got, string(x.Rule)+" "+strings.Join(ev, ",")+" | "+x.Reason.String())
	}
	want := []string{
		"injury_insurance_missing attendance:enr_a@2026-03,attendance:enr_b@2026-03,injury_policy:inj_1 | 2 workers are on site and the project's work-injury insurance ended on 2026-04-10: no policy covers 2026-04-20",
		"certificate_expired attendance:enr_a@2026-03,certificate:crt_1,enrolment:enr_a | the worker attends as 电焊工, a special operation, and the operation certificate expired on 2026-03-30",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestInjuryCoverageOf(t *testing.T) {
	d := mustDate
	oct := MustPeriod("2026-10")
	policies := []InjuryPolicyFact{{ID: "inj_1", ValidFrom: d("2026-01-01"), ValidUntil: d("2026-10-10")},
		{ID: "inj_2", ValidFrom: d("2026-10-21"), ValidUntil: d("2027-10-20")}, {ID: "inj_3", ValidFrom: d("2027-01-01"), ValidUntil: d("2027-12-31")}}
	c := InjuryCoverageOf(policies, oct)
	if c.Whole || c.Days != 21 || strings.Join(c.Policies, ",") != "inj_1,inj_2" {
		t.Fatalf("partly covered October: %+v", c)
	}
	if c := InjuryCoverageOf(policies, MustPeriod("2026-11")); !c.Whole || c.Days != 30 || strings.Join(c.Policies, ",") != "inj_2" {
		t.Fatalf("November: %+v", c)
	}
	if c := InjuryCoverageOf(nil, oct); c.Whole || c.Days != 0 || c.Policies != nil {
		t.Fatalf("no policy: %+v", c)
	}
}

func TestCheckInjuryPolicyNamesEveryBadField(t *testing.T) {
	err := CheckInjuryPolicy(InjuryPolicyInput{Basis: BasisHeadcount, ContractValue: 5, ValidFrom: mustDate("2026-02-01"), ValidUntil: mustDate("2026-01-31")}, nil)
	var fields []string
	for _, f := range ErrorFields(err) {
		fields = append(fields, f.Field+"/"+f.Code)
	}
	if got := strings.Join(fields, " "); got != "insurer/required policy_no/required valid_until/before_start headcount/not_positive contract_value/not_allowed" {
		t.Fatalf("fields: %s", got)
	}
	ok := InjuryPolicyInput{Insurer: "房山区社保中心", PolicyNo: "GS-1", ValidFrom: mustDate("2026-01-01"), ValidUntil: mustDate("2026-12-31"),
		Basis: BasisContractValue, ContractValue: MustMoney("1000000")}
	if err := CheckInjuryPolicy(ok, &Project{}); err != nil {
		t.Fatal(err)
	}
	ok.Basis = "per_worker"
	if f := ErrorFields(CheckInjuryPolicy(ok, nil)); len(f) != 1 || f[0].Field != "basis" {
		t.Fatalf("unknown basis: %+v", f)
	}
}

func TestCertificateChecksAndWarnings(t *testing.T) {
	c, errs := CheckCertificate(CertificateInput{Number: " T110101199001011234 ", Kind: "建筑焊工", ValidUntil: "2027/03/31"}, "certificate_")
	if len(errs) != 0 || c.Number != "T110101199001011234" || c.ValidUntil != mustDate("2027-03-31") {
		t.Fatalf("%+v %+v", c, errs)
	}
	_, errs = CheckCertificate(CertificateInput{ValidFrom: "2026-05-01", ValidUntil: "2026-04-01"}, "certificate_")
	var fields []string
	for _, f := range errs {
		fields = append(fields, f.Field)
	}
	if got := strings.Join(fields, " "); got != "certificate_number certificate_kind certificate_valid_until" {
		t.Fatalf("fields: %s", got)
	}
	p := DefaultPolicy()
	on := mustDate("2026-04-20")
	if w := p.CertificateWarning(TradeWelder, "电焊工", nil, on); !strings.Contains(w.String(), "none was given") {
		t.Fatalf("no certificate: %q", w)
	}
	expired := &CheckedCertificate{Number: "T1", ValidUntil: mustDate("2026-04-19")}
	if w := p.CertificateWarning(TradeWelder, "电焊工", expired, on); !strings.Contains(w.String(), "expired on 2026-04-19") {
		t.Fatalf("expired: %q", w)
	}
	valid := &CheckedCertificate{Number: "T1", ValidUntil: on}
	if w := p.CertificateWarning(TradeWelder, "电焊工", valid, on); w.Key != "" {
		t.Fatalf("valid: %q", w)
	}
	if w := p.CertificateWarning("020", "钢筋工", nil, on); w.Key != "" {
		t.Fatalf("not a special operation: %q", w)
	}
	if _, err := ParsePolicy([]byte(`{"special_operation_trades": ["270"]}`)); err == nil || !strings.Contains(err.Error(), "not valid") {
		t.Fatalf("a list leaving out national trades: %v", err)
	}
}

// A certificate number that stands for "none" (无, /, -, 000) or holds a
// control character is refused; a real one passes.
func TestCertificateNumberRefusesPlaceholders(t *testing.T) {
	for _, n := range []string{"无", "暂无", "/", "-", "—", "N/A", "000", "x", "T1\x1b[2J01"} {
		_, errs := CheckCertificate(CertificateInput{Number: n, Kind: "电工作业", ValidUntil: "2030-01-01"}, "")
		if len(errs) != 1 || errs[0].Field != "number" {
			t.Errorf("%q: %v", n, errs)
		}
	}
	for _, n := range []string{"T110105194912310021", "京T2019-0042", "建A042019000123"} {
		if _, errs := CheckCertificate(CertificateInput{Number: n, Kind: "电工作业", ValidUntil: "2030-01-01"}, ""); len(errs) != 0 {
			t.Errorf("%q refused: %v", n, errs)
		}
	}
}

// A certificate's kind is checked against the trade: a welder's electrician
// certificate is warned about at recording, a trade the table does not
// know accepts any kind.
func TestCertificateKindAgainstTrade(t *testing.T) {
	p := DefaultPolicy()
	until := mustDate("2030-01-01")
	if w := p.CertificateWarning(TradeWelder, "电焊工", &CheckedCertificate{Number: "T1", Kind: "电工作业", ValidUntil: until}, mustDate("2026-01-01")); !strings.Contains(w.String(), "not the operation of") {
		t.Errorf("a welder's electrician certificate: %q", w)
	}
	if w := p.CertificateWarning(TradeWelder, "电焊工", &CheckedCertificate{Number: "T1", Kind: "建筑电焊工", ValidUntil: until}, mustDate("2026-01-01")); w.Key != "" {
		t.Errorf("a welder's welding certificate: %q", w)
	}
	for code, kind := range map[TradeCode]string{"130": "低压电工作业", TradeScaffolder: "登高架设作业", TradeTowerCraneDriver: "建筑起重司机(塔式起重机)",
		TradeCraneSignaller: "建筑起重信号司索工", TradeHoistDriver: "建筑起重司机(施工升降机)", TradeBlaster: "爆破作业", "020": "任何"} {
		if !CertificateKindFits(code, kind) {
			t.Errorf("%s %s refused", code, kind)
		}
	}
	if CertificateKindFits(TradeBlaster, "建筑电工") {
		t.Error("a blaster's electrician certificate fits")
	}
}
