package i18n_test

import (
	"encoding/json"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

// Messages stored before the one-word keys were renamed (an upload's
// warning naming its kind of file, a refusal naming a state, an audit
// detail naming a payroll's kind) keep the old key of the word inside them.
// They still render in both languages, as a message made now does.
func TestStoredOneWordKeysStillRender(t *testing.T) {
	for _, c := range []struct {
		stored string
		now    ledger.Msg
		zh, en string
	}{
		{`{"key":"%s is not a column of the %s file and was ignored","args":["备注2",{"key":"workers"}]}`,
			ledger.M("%s is not a column of the %s file and was ignored", "备注2", ledger.M("file.kind.workers")),
			"备注2不是花名册文件的列，已忽略", "备注2 is not a column of the workers file and was ignored"},
		{`{"key":"an alert that is %s cannot be given %s","args":[{"key":"open"},{"key":"a resolution"}]}`,
			ledger.M("an alert that is %s cannot be given %s", ledger.AlertOpen.Label(), ledger.ActionResolve.Label()),
			"状态为“待处理”的预警不能执行“解决”", "an alert that is open cannot be given a resolution"},
		{`{"key":"payslip link %s is %s: issue a new one","args":["tok_1",{"key":"revoked"}]}`,
			ledger.M("payslip link %s is %s: issue a new one", "tok_1", ledger.TokenRevoked.Label()),
			"工资条链接 tok_1 状态为 已撤销：请重新发放", "payslip link tok_1 is revoked: issue a new one"},
		{`{"key":"%s %q not found","args":[{"key":"project"},"prj_1"]}`,
			ledger.M("%s %q not found", ledger.M("resource.project"), "prj_1"),
			"未找到项目 \"prj_1\"", "project \"prj_1\" not found"},
		{`{"key":"%s","args":[{"key":"supplementary"}]}`, ledger.M("%s", ledger.PayrollSupplementary.Label()), "补发", "supplementary"},
		{`{"key":"%s","args":[{"key":"paid"}]}`, ledger.M("%s", ledger.ConfirmPaid.Label()), "已支付", "paid"},
	} {
		var old ledger.Msg
		if err := json.Unmarshal([]byte(c.stored), &old); err != nil {
			t.Fatal(err)
		}
		for _, l := range []struct {
			lang i18n.Lang
			want string
		}{{i18n.ZH, c.zh}, {i18n.EN, c.en}} {
			if got, now := i18n.Of(l.lang, old), i18n.Of(l.lang, c.now); got != l.want || now != l.want {
				t.Errorf("%s in %s: stored %q, made now %q, want %q", c.stored, l.lang, got, now, l.want)
			}
		}
	}
}
